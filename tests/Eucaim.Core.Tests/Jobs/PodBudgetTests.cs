using Eucaim.Core.Jobs;
using Eucaim.Core.Tenants;

namespace Eucaim.Core.Tests.Jobs;

/// <summary>
/// Kubernetes' count of a pod, and the tenant quota as the cluster enforces it: the quota plus one
/// helper share per concurrent job, so that a quota buys whole flavors.
/// </summary>
public sealed class PodBudgetTests
{
    /// <summary>Each helper: 250m, 256 MiB, 1 GiB (the default job settings).</summary>
    private static readonly PodResources Helper = new(250, 256, 1024, 0);

    private static readonly PodBudget Budget = PodBudget.WithHelpers(Helper);

    /// <summary>The medium-gpu flavor of docs/tenants.md: 1 × A100, 8 cores, 64 GiB, 100 GiB scratch.</summary>
    private static Flavor MediumGpu() => new()
    {
        Name = "medium-gpu", CpuMillicores = 8000, MemoryMib = 65536, GpuCount = 1, GpuType = "NVIDIA-A100-SXM4-80GB", EphemeralStorageGib = 100, MaxRuntimeMinutes = 1440,
    };

    /// <summary>The tenant-a quota of docs/tenants.md: 4 GPUs, 32 cores, 256 GiB, 400 GiB scratch, 4 concurrent jobs.</summary>
    private static TenantQuota DocumentedQuota() => new()
    {
        Gpus = 4, CpuCores = 32, MemoryGib = 256, StorageGib = 1000, ScratchGib = 400, ConcurrentJobs = 4, MaxJobRuntimeMinutes = 2880,
    };

    [Fact]
    public void Sidecars_add_to_the_regular_containers_and_an_init_container_counts_with_the_sidecars_started_before_it()
    {
        var small = new PodResources(100, 100, 100, 0);
        var large = new PodResources(5000, 9000, 0, 0);

        // Init containers run one at a time before the job: the largest counts, not their sum, resource by resource.
        Assert.Equal(large with { ScratchMib = 100 }, PodBudget.Effective([new(PodContainerKind.Init, large), new(PodContainerKind.Init, small), new(PodContainerKind.Regular, small)]));
        // A sidecar runs beside the job: added.
        Assert.Equal(new PodResources(200, 200, 200, 0), PodBudget.Effective([new(PodContainerKind.Sidecar, small), new(PodContainerKind.Regular, small)]));
        // An init container after a sidecar runs beside that sidecar; one before it does not.
        Assert.Equal(new PodResources(5100, 9100, 200, 0), PodBudget.Effective([new(PodContainerKind.Sidecar, small), new(PodContainerKind.Init, large), new(PodContainerKind.Regular, small)]));
        Assert.Equal(new PodResources(5000, 9000, 200, 0), PodBudget.Effective([new(PodContainerKind.Init, large), new(PodContainerKind.Sidecar, small), new(PodContainerKind.Regular, small)]));
    }

    [Fact]
    public void A_job_pod_is_its_flavor_plus_the_upload_sidecar_and_a_local_job_is_its_flavor_alone()
    {
        var flavor = MediumGpu();

        Assert.Equal(new PodResources(8250, 65792, 100 * 1024 + 1024, 1), Budget.Pod(flavor, stagesDatasets: true));
        Assert.Equal(Budget.Pod(flavor, stagesDatasets: true), Budget.Pod(flavor, stagesDatasets: false));
        Assert.Equal(new PodResources(8000, 65536, 100 * 1024, 1), PodBudget.JobOnly.Pod(flavor, stagesDatasets: true));
        Assert.Equal(PodBudget.Quota(DocumentedQuota()), PodBudget.JobOnly.Allowed(DocumentedQuota()));
    }

    [Fact]
    public void The_documented_example_admits_four_pods_of_8_cores_and_64_GiB_in_a_quota_of_32_cores_and_256_GiB()
    {
        var pod = Budget.Pod(MediumGpu(), stagesDatasets: true);
        var quota = DocumentedQuota();

        // The defect: counted against the quota alone, the helpers make the fourth pod overflow it.
        Assert.False((4 * pod).FitsIn(PodBudget.Quota(quota)));
        Assert.True((4 * pod).FitsIn(Budget.Allowed(quota)));
        Assert.False((5 * pod).FitsIn(Budget.Allowed(quota)));
        Assert.Equal(new PodResources(33_000, 263_168, 409_600 + 4096, 4), Budget.Allowed(quota));
    }

    [Theory]
    [InlineData(8000, 65536, 50, true)]
    [InlineData(8000, 65536, 50, false)]
    [InlineData(100, 64, 1, true)]
    [InlineData(10, 32, 1, false)]
    public void No_pod_counts_more_than_its_job_container_plus_the_helper_share(int cpu, int memory, int scratchGib, bool stages)
    {
        var flavor = new Flavor { Name = "f", CpuMillicores = cpu, MemoryMib = memory, EphemeralStorageGib = scratchGib, MaxRuntimeMinutes = 60 };

        Assert.True(Budget.Pod(flavor, stages).FitsIn(PodBudget.Job(flavor) + Budget.HelperShare));
        Assert.Equal(Helper, Budget.HelperShare);
    }

    [Fact]
    public void A_shortfall_names_the_first_resource_missing_in_a_researchers_units()
    {
        var need = new PodResources(8250, 65792, 52224, 1);

        Assert.Null(need.FirstShortOf(need));
        Assert.Equal(new PodResourceShortfall("CPU cores", "8.25", "8"), need.FirstShortOf(need with { CpuMillicores = 8000 }));
        Assert.Equal(new PodResourceShortfall("memory", "64.25 GiB", "64 GiB"), need.FirstShortOf(need with { MemoryMib = 65536 }));
        Assert.Equal(new PodResourceShortfall("scratch storage", "51 GiB", "50 GiB"), need.FirstShortOf(need with { ScratchMib = 51200 }));
        Assert.Equal(new PodResourceShortfall("GPUs", "1", "0"), need.FirstShortOf(default));
    }
}
