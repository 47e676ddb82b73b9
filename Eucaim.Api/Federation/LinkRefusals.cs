using Eucaim.Api.Audit;
using Eucaim.Core.Audit;
using Eucaim.Core.Platform;
using Microsoft.Extensions.Options;

namespace Eucaim.Api.Federation;

/// <summary>
/// Audits a refused link message without letting a flood grow the chain: each refusal is counted per
/// node (or <see cref="Unregistered"/>, whatever the message claimed), route, status and window in
/// <c>audit_denials</c>, with up to ten distinct reasons, and reaches the chain as one
/// <see cref="AuditActions.FederationMessageRefused"/> entry with its count when the window closes.
/// </summary>
internal sealed partial class LinkRefusals(AuditDenials denials, IOptions<AuditOptions> options, TimeProvider clock, ILogger<LinkRefusals> logger)
{
    /// <summary>The actor of refusals whose claimed sender is not a registered node: one bucket, so made-up names cannot multiply rows.</summary>
    public const string Unregistered = "unregistered";

    public static string Actor(string? node) => $"{AuditDenialWindow.FederationNodeActorPrefix}{node ?? Unregistered}";

    public async Task RecordAsync(HttpContext http, string route, string? node, Problem problem)
    {
        AuthorizationFailureAudit.MarkCounted(http);
        try
        {
            var reason = problem.Rule is null ? problem.Detail : $"{problem.Rule}: {problem.Detail}";
            await denials.CountAsync(Actor(node), route, OutcomeResultsStatus(problem), http.Connection.RemoteIpAddress?.ToString(), reason,
                clock.GetUtcNow(), options.Value.DenialWindow, CancellationToken.None);
        }
        catch (Exception ex)
        {
            LogNotRecorded(logger, ex, route);
        }
    }

    private static int OutcomeResultsStatus(Problem problem) => Platform.OutcomeResults.StatusOf(problem.Kind);

    [LoggerMessage(EventId = 8101, Level = LogLevel.Error, Message = "Could not count a refused federation message on {Route} in the audit trail")]
    private static partial void LogNotRecorded(ILogger logger, Exception exception, string route);
}
