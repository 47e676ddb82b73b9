using Eucaim.Core.Storage;

namespace Eucaim.Core.Tests.Storage;

public sealed class BlobSweepRulesTests
{
    private static readonly DateTimeOffset Recorded = new(2026, 12, 5, 10, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Settle = TimeSpan.FromMinutes(10);

    private static BlobSweep Sweep() => new()
    {
        Id = Guid.CreateVersion7(Recorded),
        Container = BlobContainers.Datasets,
        Prefix = "d/",
        Reason = "test",
        RecordedAt = Recorded,
        DueAt = Recorded,
    };

    [Fact]
    public void A_tombstone_is_forgotten_only_after_a_settled_pass_that_found_nothing()
    {
        var sweep = Sweep();

        Assert.True(BlobSweepRules.MayForget(sweep, found: 0, Recorded + Settle, Settle));
        Assert.True(BlobSweepRules.MayForget(sweep, found: 0, Recorded + Settle + TimeSpan.FromDays(3), Settle));
        // Blobs found: they were just deleted, but a later pass must confirm that nothing came back.
        Assert.False(BlobSweepRules.MayForget(sweep, found: 1, Recorded + Settle + TimeSpan.FromDays(3), Settle));
        // Nothing found, but a write in flight at the deletion may still land.
        Assert.False(BlobSweepRules.MayForget(sweep, found: 0, Recorded + Settle - TimeSpan.FromTicks(1), Settle));
    }

    [Fact]
    public void A_tombstone_that_stays_is_looked_at_again_once_settled_or_at_once_after()
    {
        var sweep = Sweep();

        Assert.Equal(Recorded + Settle, BlobSweepRules.NextDue(sweep, Recorded.AddSeconds(1), Settle));
        var later = Recorded + Settle + TimeSpan.FromMinutes(1);
        Assert.Equal(later, BlobSweepRules.NextDue(sweep, later, Settle));
    }
}
