using Eucaim.Core.Contracts;
using Eucaim.Core.Jobs;

namespace Eucaim.Core.Tests.Contracts;

/// <summary>The variables a job reads: the same names on the local backend, in a pod and in the dry-run answer.</summary>
public sealed class JobEnvironmentTests
{
    private static readonly Guid Dataset = Guid.Parse("0195d3a4-5b6c-7d8e-9f00-112233445566");

    private static Job Job() => new()
    {
        Id = Guid.Parse("0195d3a4-0000-7000-8000-000000000001"),
        TenantSlug = "tenant-a",
        Name = "train",
        Image = "img",
        Flavor = "small",
        SubmittedBy = "member-sub",
        Datasets = [new JobDataset { DatasetId = Dataset, Version = 2, MountName = JobRules.MountName(Dataset) }],
    };

    [Fact]
    public void In_a_pod_the_variables_name_the_mounts()
    {
        var variables = JobEnvironment.InPod(Job()).ToDictionary();

        Assert.Equal(new Dictionary<string, string>
        {
            ["EUCAIM_JOB_ID"] = "0195d3a4-0000-7000-8000-000000000001",
            ["EUCAIM_TENANT"] = "tenant-a",
            ["EUCAIM_DATASETS"] = "/data",
            ["EUCAIM_OUTPUT"] = "/output",
            ["EUCAIM_DATASET_0195D3A45B6C7D8E9F00112233445566"] = "/data/0195d3a45b6c7d8e9f00112233445566",
        }, variables);
    }

    [Fact]
    public void A_job_reads_back_what_the_platform_set_wherever_it_runs()
    {
        var job = Job();
        foreach (var environment in new[] { JobEnvironment.InPod(job), JobEnvironment.OnHost(job, Path.Combine("/work", "jobs", "x", "data"), "/work/jobs/x/output") })
        {
            var variables = environment.Variables().ToDictionary(v => v.Key, v => v.Value);
            var read = JobEnvironment.Read(variables, job.Datasets.Select(d => d.MountName));

            Assert.Equal(environment.JobId, read.JobId);
            Assert.Equal(environment.Tenant, read.Tenant);
            Assert.Equal(environment.DatasetsPath, read.DatasetsPath);
            Assert.Equal(environment.OutputPath, read.OutputPath);
            Assert.Equal(environment.Datasets, read.Datasets);
        }
    }

    [Fact]
    public void Every_variable_carries_the_prefix_a_job_may_not_set_itself()
    {
        Assert.All(JobEnvironment.InPod(Job()).Variables(), v => Assert.StartsWith(JobRules.ReservedPrefix, v.Key, StringComparison.Ordinal));
        Assert.Equal(Job().Datasets[0].PathVariable, JobEnvironment.DatasetVariable(JobRules.MountName(Dataset)));
    }

    [Fact]
    public void A_missing_variable_is_an_error_not_an_empty_path()
    {
        Assert.Throws<KeyNotFoundException>(() => JobEnvironment.Read(new Dictionary<string, string>(), []));
    }
}
