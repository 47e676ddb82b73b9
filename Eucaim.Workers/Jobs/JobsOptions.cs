using System.ComponentModel.DataAnnotations;
using Eucaim.Core.Jobs;

namespace Eucaim.Workers.Jobs;

/// <summary>The job dispatcher, bound from <c>Eucaim:Jobs</c>; the backend itself is <c>Eucaim:Compute:Backend</c>.</summary>
public sealed class JobsOptions
{
    public const string Section = "Eucaim:Jobs";

    /// <summary>How often the dispatcher looks at jobs when no notification wakes it.</summary>
    [Range(typeof(TimeSpan), "00:00:00.1", "00:10:00", ParseLimitsInInvariantCulture = true)]
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>How often grants of queued and running jobs are re-checked, besides <c>grant_ended</c> notifications.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00", ParseLimitsInInvariantCulture = true)]
    public TimeSpan GrantCheckInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How long a launched job may wait for the cluster to start its container (a free GPU, image pull,
    /// staging) before it is stopped as TimedOut; its run deadline only starts once it runs.
    /// </summary>
    [Range(typeof(TimeSpan), "00:01:00", "7.00:00:00", ParseLimitsInInvariantCulture = true)]
    public TimeSpan QueueTimeout { get; set; } = TimeSpan.FromHours(24);

    public LocalJobsOptions Local { get; set; } = new();

    public KubernetesJobsOptions Kubernetes { get; set; } = new();

    /// <summary>Errors of the local backend's settings; the intervals are checked by their <see cref="RangeAttribute"/>s.</summary>
    public IEnumerable<string> Validate()
    {
        if (Local.MaxConcurrentJobs is < 1 or > 1000)
        {
            yield return $"{Section}:Local:MaxConcurrentJobs must be between 1 and 1000.";
        }

        foreach (var image in Local.Images)
        {
            if (string.IsNullOrWhiteSpace(image.Image) || string.IsNullOrWhiteSpace(image.Command))
            {
                yield return $"{Section}:Local:Images: every entry needs Image and Command.";
            }
        }
    }
}

public sealed class LocalJobsOptions
{
    public int MaxConcurrentJobs { get; set; } = 4;

    /// <summary>GPU indices to hand out (e.g. <c>0,1</c>); empty means ask <c>nvidia-smi</c>; <c>none</c> means no GPUs.</summary>
    public string? GpuIndices { get; set; }

    /// <summary>Allow-listed image references and the local command each one stands for.</summary>
    public List<LocalImageCommand> Images { get; set; } = [];
}

/// <summary>
/// What an allow-listed image means on the local backend: a command and its fixed arguments (the
/// image's entrypoint). <c>{AppBase}</c> in them is the Workers' own folder, where the sample job is built.
/// </summary>
public sealed class LocalImageCommand
{
    public string Image { get; set; } = "";

    public string Command { get; set; } = "";

    public List<string> Arguments { get; set; } = [];
}

public sealed class KubernetesJobsOptions
{
    /// <summary>The image of the init container that stages datasets and of the output sidecar: the Workers image, pinned by digest.</summary>
    public string ToolsImage { get; set; } = "";

    /// <summary>How long a finished Job (and its pod, for <c>kubectl logs</c>) stays before Kubernetes removes it.</summary>
    public int TtlSecondsAfterFinished { get; set; } = 3600;

    /// <summary>
    /// The platform's Api as job pods reach it (deploy/: <c>http://api.eucaim.svc</c>): their
    /// helpers exchange the job's token there for storage links when they start. Job pods have no DNS,
    /// so its host must be an IP address or one of <see cref="HostAliases"/>.
    /// </summary>
    public string StagingEndpoint { get; set; } = "";

    /// <summary>
    /// The pod's termination grace period: how long the output sidecar has to upload after the job's
    /// container ended (or was stopped). Size it to the largest output a flavor allows at the storage
    /// throughput a node gets: 10 minutes uploads about 30 GiB at 50 MiB/s.
    /// </summary>
    public int UploadGraceSeconds { get; set; } = 600;

    /// <summary>The numeric non-root user jobs run as.</summary>
    public long RunAsUser { get; set; } = 65532;

    /// <summary>The RuntimeClass of pods of GPU flavors that name none (the NVIDIA GPU Operator's); empty for none.</summary>
    public string GpuRuntimeClassName { get; set; } = "nvidia";

    /// <summary>The node label a flavor's GPU type selects on (GPU Feature Discovery's); empty: GPU types select no nodes.</summary>
    public string GpuTypeLabel { get; set; } = "nvidia.com/gpu.product";

    /// <summary>CPU of each helper container (staging, upload), in millicores; requests equal limits.</summary>
    public int HelperCpuMillicores { get; set; } = 250;

    /// <summary>Memory of each helper container, in MiB.</summary>
    public int HelperMemoryMib { get; set; } = 256;

    /// <summary>Ephemeral storage of each helper container (its logs and writable layer), in MiB.</summary>
    public int HelperEphemeralStorageMib { get; set; } = 1024;

    /// <summary>
    /// Entries of job pods' <c>/etc/hosts</c>, <c>ip hostname [hostname…]</c>: job pods have no DNS,
    /// so the helpers find the storage endpoint and the staging endpoint by these names only.
    /// </summary>
    public List<string> HostAliases { get; set; } = [];

    /// <summary>How job pods are counted against tenant quotas: the helpers hold these fixed resources.</summary>
    public PodBudget Budget() => PodBudget.WithHelpers(new PodResources(HelperCpuMillicores, HelperMemoryMib, HelperEphemeralStorageMib, 0));

    /// <summary>Errors of these settings, checked at start when the backend is Kubernetes.</summary>
    public IEnumerable<string> Validate()
    {
        const string section = $"{JobsOptions.Section}:Kubernetes";
        foreach (var (name, value, min, max) in new[]
                 {
                     (nameof(HelperCpuMillicores), HelperCpuMillicores, 10, 16_000),
                     (nameof(HelperMemoryMib), HelperMemoryMib, 32, 65_536),
                     (nameof(HelperEphemeralStorageMib), HelperEphemeralStorageMib, 16, 1_048_576),
                 })
        {
            if (value < min || value > max)
            {
                yield return $"{section}:{name} must be between {min} and {max}.";
            }
        }

        if (GpuRuntimeClassName.Length > 0 && !Core.Tenants.FlavorRules.IsDnsSubdomain(GpuRuntimeClassName))
        {
            yield return $"{section}:GpuRuntimeClassName must name a RuntimeClass (a DNS subdomain), or be empty.";
        }

        if (GpuTypeLabel.Length > 0 && !Core.Tenants.FlavorRules.IsLabelKey(GpuTypeLabel))
        {
            yield return $"{section}:GpuTypeLabel must be a node label key such as nvidia.com/gpu.product, or be empty.";
        }

        foreach (var entry in HostAliases)
        {
            if (Kubernetes.JobHostAliases.Problem(entry) is { } problem)
            {
                yield return $"{section}:HostAliases: '{entry}' {problem}";
            }
        }

        if (!Uri.TryCreate(StagingEndpoint, UriKind.Absolute, out var staging) || staging.Scheme is not ("http" or "https"))
        {
            yield return $"{section}:StagingEndpoint must be the Api's http(s) URL as job pods reach it, e.g. http://api.eucaim.svc.";
        }
        else if (staging.HostNameType == UriHostNameType.Dns && !Kubernetes.JobHostAliases.Names(HostAliases).Contains(staging.Host))
        {
            yield return $"{section}:StagingEndpoint: job pods have no DNS, so its host '{staging.Host}' must be one of HostAliases.";
        }
    }
}
