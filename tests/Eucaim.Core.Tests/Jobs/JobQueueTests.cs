using Eucaim.Core.Jobs;

namespace Eucaim.Core.Tests.Jobs;

/// <summary>Fair share: tenants take turns, the least busy tenant first within a turn; positions and estimates follow the order.</summary>
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
            [TenantA] = new(TenantA, true, Gpus: 1, ConcurrentJobs: 1),
            [TenantB] = new(TenantB, true, Gpus: 1, ConcurrentJobs: 1),
        };

        Assert.Equal([b1], JobQueue.NextToStart([a1, b1], [new JobQueue.Active(TenantA, 1)], limits, new JobQueue.Capacity(null, null)));
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
