using Eucaim.Core.Jobs;
using Eucaim.Core.Tenants;

namespace Eucaim.Core.Tests.Jobs;

/// <summary>
/// Fair share: tenants take turns, the least busy tenant first within a turn; a job starts only when
/// its pod fits what the tenant's running jobs leave of the quota, and otherwise says why it waits;
/// positions and estimates follow the order.
/// </summary>
public sealed class JobQueueTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly Guid TenantA = Guid.Parse("00000000-0000-7000-8000-00000000000a");
    private static readonly Guid TenantB = Guid.Parse("00000000-0000-7000-8000-00000000000b");

    private static JobQueue.Waiting Job(int n, Guid tenant, int minutes, int gpus = 1) =>
        new(Guid.Parse($"00000000-0000-7000-8000-{n:D12}"), tenant, "small-gpu", gpus, T0.AddMinutes(minutes));

    [Fact]
    public void Every_tenants_oldest_job_comes_before_any_tenants_second()
    {
        var a1 = Job(1, TenantA, 0);
        var a2 = Job(2, TenantA, 1);
        var a3 = Job(3, TenantA, 2);
        var b1 = Job(4, TenantB, 5);

        Assert.Equal([a1, b1, a2, a3], JobQueue.Order([a3, a2, b1, a1], []));
    }

    [Fact]
    public void Within_a_turn_the_tenant_using_fewer_GPUs_goes_first()
    {
        var a1 = Job(1, TenantA, 0);
        var b1 = Job(2, TenantB, 5);

        Assert.Equal([b1, a1], JobQueue.Order([a1, b1], [new JobQueue.Active(TenantA, 1)]));
    }

    [Fact]
    public void A_tenant_at_its_quota_never_blocks_another()
    {
        var a1 = Job(1, TenantA, 0);
        var b1 = Job(2, TenantB, 5);
        var limits = new Dictionary<Guid, JobQueue.TenantLimits>
        {
            [TenantA] = new(TenantA, true, new PodResources(4000, 4096, 4096, 1), ConcurrentJobs: 1),
            [TenantB] = new(TenantB, true, new PodResources(4000, 4096, 4096, 1), ConcurrentJobs: 1),
        };

        var decision = JobQueue.NextToStart([a1, b1], [new JobQueue.Active(TenantA, 1)], limits, new JobQueue.Capacity(null, null));

        Assert.Equal([b1], decision.Start);
        Assert.StartsWith("Waiting for one of the tenant's 1 running jobs to end", decision.Waits[a1.JobId], StringComparison.Ordinal);
    }

    [Fact]
    public void The_documented_quota_starts_four_jobs_of_its_flavor_and_the_fifth_waits_with_a_reason()
    {
        var budget = PodBudget.WithHelpers(new PodResources(250, 256, 1024, 0));
        var flavor = new Flavor { Name = "medium-gpu", CpuMillicores = 8000, MemoryMib = 65536, GpuCount = 1, GpuType = "NVIDIA-A100-SXM4-80GB", MaxRuntimeMinutes = 1440 };
        var quota = new TenantQuota { Gpus = 4, CpuCores = 32, MemoryGib = 256, ScratchGib = 80, ConcurrentJobs = 4, MaxJobRuntimeMinutes = 2880 };
        var jobs = Enumerable.Range(1, 5).Select(n => Job(n, TenantA, n) with { Needs = budget.Pod(flavor, stagesDatasets: true) }).ToList();
        var limits = new Dictionary<Guid, JobQueue.TenantLimits> { [TenantA] = new(TenantA, true, budget.Allowed(quota), quota.ConcurrentJobs) };

        var decision = JobQueue.NextToStart(jobs, [], limits, new JobQueue.Capacity(null, null));

        Assert.Equal(jobs.Take(4), decision.Start);
        Assert.Equal([jobs[4].JobId], decision.Waits.Keys);

        // With job slots and GPUs to spare, the CPU cores decide, and the researcher reads which resource and how much.
        var roomier = new TenantQuota { Gpus = 8, CpuCores = 32, MemoryGib = 512, ScratchGib = 800, ConcurrentJobs = 8, MaxJobRuntimeMinutes = 2880 };
        limits[TenantA] = new(TenantA, true, budget.Allowed(roomier), roomier.ConcurrentJobs);
        var running = jobs.Take(4).Select(j => new JobQueue.Active(TenantA, j.Needs)).ToList();
        var waits = JobQueue.NextToStart([jobs[4]], running, limits, new JobQueue.Capacity(null, null)).Waits;

        Assert.Equal("Waiting for the tenant's running jobs to free CPU cores: the job needs 8.25, 1 of the quota's are free.", waits[jobs[4].JobId]);
    }

    [Fact]
    public void A_job_larger_than_the_whole_quota_says_it_cannot_start_rather_than_waiting_silently()
    {
        var big = Job(1, TenantA, 0) with { Needs = new PodResources(64_250, 1024, 1024, 1) };
        var limits = new Dictionary<Guid, JobQueue.TenantLimits> { [TenantA] = new(TenantA, true, new PodResources(33_000, 263_168, 208_896, 4), 4) };

        var decision = JobQueue.NextToStart([big], [], limits, new JobQueue.Capacity(null, null));

        Assert.Empty(decision.Start);
        Assert.Equal(
            "Cannot start while the tenant's quota is this small: the job needs 64.25 CPU cores (its flavor and the pod's helper containers), " +
            "the quota allows 33 for all of the tenant's jobs together. An admin can raise the quota, or submit it again with a smaller flavor.",
            decision.Waits[big.JobId]);
    }

    [Fact]
    public void The_jobs_of_a_tenant_not_ready_and_those_over_the_backends_capacity_are_explained_too()
    {
        var a1 = Job(1, TenantA, 0);
        var b1 = Job(2, TenantB, 1);
        var b2 = Job(3, TenantB, 2);
        var room = new PodResources(100_000, 100_000, 100_000, 8);
        var limits = new Dictionary<Guid, JobQueue.TenantLimits>
        {
            [TenantA] = new(TenantA, false, room, 4),
            [TenantB] = new(TenantB, true, room, 4),
        };

        var decision = JobQueue.NextToStart([a1, b1, b2], [], limits, new JobQueue.Capacity(1, null));

        Assert.Equal([b1], decision.Start);
        Assert.Equal(JobQueue.NotReady, decision.Waits[a1.JobId]);
        Assert.Equal("Waiting for the backend: it runs at most 1 jobs at once.", decision.Waits[b2.JobId]);
    }

    [Fact]
    public void Positions_follow_the_order_and_estimates_drain_through_the_tenants_slots()
    {
        var a1 = Job(1, TenantA, 0);
        var a2 = Job(2, TenantA, 1);
        var b1 = Job(3, TenantB, 5);
        var slots = new Dictionary<Guid, int> { [TenantA] = 1, [TenantB] = 2 };
        var typical = TimeSpan.FromMinutes(10);

        var places = JobQueue.Place([a2, b1, a1], [new JobQueue.Active(TenantB, 1)], slots, typical, T0);

        Assert.Equal(new JobPlace(1, T0), places[a1.JobId]);
        Assert.Equal(new JobPlace(2, T0), places[b1.JobId]);
        Assert.Equal(new JobPlace(3, T0 + typical), places[a2.JobId]);
    }

    [Fact]
    public void The_estimate_never_divides_by_zero_slots()
    {
        Assert.Equal(T0.AddMinutes(20), JobQueue.EstimateStart(T0, 3, 0, TimeSpan.FromMinutes(10)));
    }
}
