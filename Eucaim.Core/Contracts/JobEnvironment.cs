using Eucaim.Core.Jobs;

namespace Eucaim.Core.Contracts;

/// <summary>
/// The <c>EUCAIM_*</c> variables the platform sets in every job: its id, its tenant, the folder of
/// its datasets (one variable per dataset too) and its output folder. The local backend, the
/// Kubernetes pod and the dry-run answer all take them from here, so a job sees the same names
/// wherever it runs; only the folders differ (a job folder locally, <c>/data</c> and
/// <c>/output</c> in a pod).
/// </summary>
public sealed record JobEnvironment(Guid JobId, string Tenant, string DatasetsPath, string OutputPath, IReadOnlyList<JobEnvironment.DatasetMount> Datasets)
{
    /// <summary>Variables the platform sets itself; a job may not set any of its own with this prefix.</summary>
    public const string Prefix = "EUCAIM_";

    public const string JobIdVariable = Prefix + "JOB_ID";
    public const string TenantVariable = Prefix + "TENANT";
    public const string DatasetsVariable = Prefix + "DATASETS";
    public const string OutputVariable = Prefix + "OUTPUT";

    /// <summary>Where a pod mounts the datasets (read-only) and the output folder.</summary>
    public const string PodDatasetsPath = "/data";
    public const string PodOutputPath = "/output";

    /// <summary>A dataset's folder under <see cref="DatasetsPath"/> and the variable that holds its path.</summary>
    public sealed record DatasetMount(string MountName, string Path)
    {
        public string Variable => DatasetVariable(MountName);
    }

    /// <summary>The variable of a dataset mounted as <paramref name="mountName"/>, e.g. <c>EUCAIM_DATASET_0B1C…</c>.</summary>
    public static string DatasetVariable(string mountName) => $"{Prefix}DATASET_{mountName.ToUpperInvariant().Replace('-', '_')}";

    /// <summary>The environment of <paramref name="job"/> in a pod (and as the dry run shows it).</summary>
    public static JobEnvironment InPod(Job job) =>
        For(job, PodDatasetsPath, PodOutputPath, (root, name) => $"{root}/{name}");

    /// <summary>The environment of <paramref name="job"/> run from folders of this machine.</summary>
    public static JobEnvironment OnHost(Job job, string datasetsPath, string outputPath) =>
        For(job, datasetsPath, outputPath, System.IO.Path.Combine);

    /// <summary>The variables in the order they are set: job, tenant, datasets, output, then one per dataset.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Variables() =>
    [
        new(JobIdVariable, JobId.ToString()),
        new(TenantVariable, Tenant),
        new(DatasetsVariable, DatasetsPath),
        new(OutputVariable, OutputPath),
        .. Datasets.Select(d => new KeyValuePair<string, string>(d.Variable, d.Path)),
    ];

    /// <summary>The variables as a dictionary (the dry-run answer's <c>platformEnvironment</c>).</summary>
    public Dictionary<string, string> ToDictionary() => Variables().ToDictionary(v => v.Key, v => v.Value, StringComparer.Ordinal);

    /// <summary>
    /// What a job reads back from its environment; <paramref name="mountNames"/> are the folders it
    /// expects (a job knows the datasets it asked for). Throws when a variable is missing.
    /// </summary>
    public static JobEnvironment Read(IReadOnlyDictionary<string, string> variables, IEnumerable<string> mountNames)
    {
        string Get(string name) => variables.TryGetValue(name, out var value) ? value : throw new KeyNotFoundException($"{name} is not set.");
        return new JobEnvironment(Guid.Parse(Get(JobIdVariable)), Get(TenantVariable), Get(DatasetsVariable), Get(OutputVariable),
            [.. mountNames.Select(m => new DatasetMount(m, Get(DatasetVariable(m))))]);
    }

    private static JobEnvironment For(Job job, string datasetsPath, string outputPath, Func<string, string, string> join) =>
        new(job.Id, job.TenantSlug, datasetsPath, outputPath, [.. job.Datasets.Select(d => new DatasetMount(d.MountName, join(datasetsPath, d.MountName)))]);
}
