using System.Globalization;

namespace Eucaim.Core.Audit;

/// <summary>The pure rules of refusal aggregation: which window a refusal counts in, when a window may be folded, and the chained entry it becomes.</summary>
public static class AuditDenialWindow
{
    /// <summary>
    /// A window is folded this long after it ends: the Api counts a refusal with the time it had when
    /// the response was done, so a count may land a moment after the window's end on another host's
    /// clock. A count later still is not lost: it starts a second row for that window.
    /// </summary>
    public static readonly TimeSpan Settle = TimeSpan.FromSeconds(5);

    /// <summary>The start of the window <paramref name="at"/> falls in, windows aligned to the Unix epoch.</summary>
    public static DateTimeOffset Start(DateTimeOffset at, TimeSpan window)
    {
        var ticks = at.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks;
        return new DateTimeOffset(DateTimeOffset.UnixEpoch.UtcTicks + (ticks - (ticks % window.Ticks)), TimeSpan.Zero);
    }

    /// <summary>Windows that started at or before this moment have closed and settled by <paramref name="now"/>.</summary>
    public static DateTimeOffset FoldableUpTo(DateTimeOffset now, TimeSpan window) => now - window - Settle;

    /// <summary>The actor prefix of refused federation link messages (<c>federation-node:node-1</c>), whose windows fold into <see cref="AuditActions.FederationMessageRefused"/>.</summary>
    public const string FederationNodeActorPrefix = "federation-node:";

    /// <summary>The one chained entry for a window's refusals (a federation node's refused messages under their own action): the count and the span in the details, the first address, what they were about.</summary>
    public static AuditEntry ToEntry(AuditDenialCount denial, TimeSpan window) => new(
        denial.Actor.StartsWith(FederationNodeActorPrefix, StringComparison.Ordinal) ? AuditActions.FederationMessageRefused : AuditActions.AuthorizationFailed, denial.Actor)
    {
        Outcome = AuditOutcomes.Denied,
        TargetType = "http",
        TargetId = denial.Route,
        ClientAddress = denial.ClientAddress,
        Details = new Dictionary<string, string?>
        {
            ["status"] = denial.Status.ToString(CultureInfo.InvariantCulture),
            ["count"] = denial.Count.ToString(CultureInfo.InvariantCulture),
            ["window"] = denial.WindowStart.UtcDateTime.ToString("O", CultureInfo.InvariantCulture),
            ["windowSeconds"] = ((long)window.TotalSeconds).ToString(CultureInfo.InvariantCulture),
            ["first"] = denial.FirstAt.UtcDateTime.ToString("O", CultureInfo.InvariantCulture),
            ["last"] = denial.LastAt.UtcDateTime.ToString("O", CultureInfo.InvariantCulture),
            // A hiding 404 names what it hid, as a single refusal did before aggregation.
            ["hidden"] = denial.Status == 404 ? denial.Targets.FirstOrDefault() : null,
            ["targets"] = string.Join("; ", denial.Targets),
        },
    };
}
