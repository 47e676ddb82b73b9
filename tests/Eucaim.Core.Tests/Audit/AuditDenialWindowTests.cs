using Eucaim.Core.Audit;

namespace Eucaim.Core.Tests.Audit;

/// <summary>Refusals counted per window, folded once the window has closed and settled, into one entry with their count.</summary>
public sealed class AuditDenialWindowTests
{
    private static readonly TimeSpan Minute = TimeSpan.FromMinutes(1);

    [Fact]
    public void Refusals_within_a_minute_share_its_window_and_the_next_minute_starts_another()
    {
        var start = new DateTimeOffset(2026, 12, 6, 10, 4, 0, TimeSpan.Zero);

        Assert.Equal(start, AuditDenialWindow.Start(start, Minute));
        Assert.Equal(start, AuditDenialWindow.Start(start.AddSeconds(59.999), Minute));
        Assert.Equal(start.AddMinutes(1), AuditDenialWindow.Start(start.AddMinutes(1), Minute));
        Assert.Equal(start, AuditDenialWindow.Start(new DateTimeOffset(2026, 12, 6, 12, 4, 30, TimeSpan.FromHours(2)), Minute));
    }

    [Fact]
    public void A_window_is_folded_only_after_it_closed_and_settled()
    {
        var start = new DateTimeOffset(2026, 12, 6, 10, 4, 0, TimeSpan.Zero);
        var closed = start + Minute + AuditDenialWindow.Settle;

        Assert.True(start > AuditDenialWindow.FoldableUpTo(closed.AddTicks(-1), Minute));
        Assert.True(start <= AuditDenialWindow.FoldableUpTo(closed, Minute));
    }

    [Fact]
    public void The_folded_entry_carries_the_count_the_route_and_what_was_hidden()
    {
        var denial = new AuditDenialCount
        {
            WindowStart = new DateTimeOffset(2026, 12, 6, 10, 4, 0, TimeSpan.Zero),
            Actor = "rob-subject",
            Route = "GET /api/access-requests/{id:guid}",
            Status = 404,
            Count = 2000,
            FirstAt = new DateTimeOffset(2026, 12, 6, 10, 4, 1, TimeSpan.Zero),
            LastAt = new DateTimeOffset(2026, 12, 6, 10, 4, 10, TimeSpan.Zero),
            ClientAddress = "192.0.2.7",
            Targets = ["access request 1", "access request 2"],
        };

        var entry = AuditDenialWindow.ToEntry(denial, Minute);

        Assert.Equal(AuditActions.AuthorizationFailed, entry.Action);
        Assert.Equal(AuditOutcomes.Denied, entry.Outcome);
        Assert.Equal("rob-subject", entry.Actor);
        Assert.Equal("GET /api/access-requests/{id:guid}", entry.TargetId);
        Assert.Equal("192.0.2.7", entry.ClientAddress);
        Assert.Equal("2000", entry.Details["count"]);
        Assert.Equal("404", entry.Details["status"]);
        Assert.Equal("access request 1", entry.Details["hidden"]);
        Assert.Equal("access request 1; access request 2", entry.Details["targets"]);
        Assert.Null(AuditDenialWindow.ToEntry(new AuditDenialCount { Actor = "a", Route = "GET /api/audit/", Status = 403, Targets = ["/api/audit/"] }, Minute).Details["hidden"]);
    }
}
