using Eucaim.Core.Audit;

namespace Eucaim.Core.Tests.Audit;

public sealed class AuditLogFilterTests
{
    private static readonly DateTimeOffset At = new(2026, 12, 4, 12, 0, 0, TimeSpan.Zero);

    private static readonly AuditRecord[] Log =
    [
        Record(1, "grant.created", "kai", At),
        Record(2, "grant.revoked", "kai", At.AddHours(1)),
        Record(3, "grant", "hugo", At.AddHours(2)),
        Record(4, "access-request.decided", "kai", At.AddHours(3)),
    ];

    [Fact]
    public void An_action_ending_in_a_dot_matches_its_family_and_a_full_name_only_itself()
    {
        Assert.Equal([1L, 2L], Seqs(new AuditLogFilter("grant.", null, null, null, null, null, null)));
        Assert.Equal([3L], Seqs(new AuditLogFilter("grant", null, null, null, null, null, null)));
    }

    [Fact]
    public void The_time_range_includes_from_and_excludes_to()
    {
        Assert.Equal([2L, 3L], Seqs(new AuditLogFilter(null, null, null, null, null, At.AddHours(1), At.AddHours(3))));
        Assert.Equal([1L, 2L, 4L], Seqs(new AuditLogFilter(null, "kai", null, null, null, null, null)));
    }

    [Fact]
    public void From_after_to_is_refused_on_from()
    {
        Assert.Equal(["from"], new AuditLogFilter(null, null, null, null, null, At, At.AddTicks(-1)).Validate()!.Errors!.Keys);
        Assert.Null(new AuditLogFilter(null, null, null, null, null, At, At).Validate());
    }

    private static long[] Seqs(AuditLogFilter filter) => [.. filter.Apply(Log.AsQueryable()).Select(e => e.Seq)];

    private static AuditRecord Record(long seq, string action, string actor, DateTimeOffset at) => new()
    {
        Seq = seq,
        OccurredAt = at,
        Actor = actor,
        Action = action,
        Outcome = AuditOutcomes.Success,
        Details = "{}",
        PrevHash = "",
        Hash = "",
    };
}
