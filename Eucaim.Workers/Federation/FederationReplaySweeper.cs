using Eucaim.Core.Data;
using Eucaim.Core.Federation;
using Eucaim.Workers.Platform;

namespace Eucaim.Workers.Federation;

/// <summary>
/// At the hub: forgets the ids of accepted node messages once their freshness window has passed (a copy
/// would be refused as too old by then), so <c>federation_seen_messages</c> holds minutes of traffic, not
/// all of it. A node's link does the same for its own table. Deleting what is due is idempotent, so
/// replicas need no lease.
/// </summary>
internal sealed partial class FederationReplaySweeper(IServiceScopeFactory scopes, TimeProvider time, ILogger<FederationReplaySweeper> logger)
    : WorkerLoop(logger, time)
{
    protected override TimeSpan Interval => TimeSpan.FromMinutes(5);

    protected override async Task<bool> RunOnceAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var checks = new FederationMessageChecks(scope.ServiceProvider.GetRequiredService<EucaimDbContext>(), Time);
        var forgotten = await checks.ForgetExpiredAsync(cancellationToken);
        if (forgotten > 0)
        {
            LogForgotten(Logger, forgotten);
        }

        return false;
    }

    [LoggerMessage(EventId = 8601, Level = LogLevel.Debug, Message = "Forgot {Count} federation message id(s) past their freshness window")]
    private static partial void LogForgotten(ILogger logger, int count);
}
