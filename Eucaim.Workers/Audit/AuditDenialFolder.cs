using Eucaim.Core.Audit;
using Eucaim.Workers.Platform;
using Microsoft.Extensions.Options;

namespace Eucaim.Workers.Audit;

/// <summary>
/// Folds the refusals counted in closed windows (<see cref="AuditDenials"/>) into the chain, one
/// entry per actor, route, status and window. One Workers replica folds at a time (the
/// <see cref="LeaseNames.AuditDenialFolder"/> lease); folding is transactional, so a second one
/// would only find nothing to do.
/// </summary>
internal sealed partial class AuditDenialFolder(
    AuditDenials denials, IOptions<AuditOptions> options, Leadership leadership, TimeProvider time, ILogger<AuditDenialFolder> logger)
    : WorkerLoop(logger, time, leadership.For(LeaseNames.AuditDenialFolder))
{
    private const int BatchSize = 200;

    protected override TimeSpan Interval => options.Value.DenialFoldInterval;

    protected override async Task<bool> RunOnceAsync(CancellationToken cancellationToken)
    {
        var folded = await denials.FoldClosedAsync(Time.GetUtcNow(), options.Value.DenialWindow, BatchSize, cancellationToken);
        if (folded > 0)
        {
            LogFolded(Logger, folded);
        }

        return folded == BatchSize;
    }

    [LoggerMessage(EventId = 8201, Level = LogLevel.Debug, Message = "Folded {Count} window(s) of refusals into the audit chain")]
    private static partial void LogFolded(ILogger logger, int count);
}
