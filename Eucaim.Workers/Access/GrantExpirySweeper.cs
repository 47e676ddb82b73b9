using Eucaim.Core.Access;
using Eucaim.Workers.Platform;
using Microsoft.Extensions.Options;

namespace Eucaim.Workers.Access;

/// <summary>
/// Runs <see cref="GrantExpiry"/> every <see cref="AccessOptions.ExpirySweepInterval"/>, and at once
/// when the (Development-only) test clock moves. A failed sweep is logged and retried (<see cref="WorkerLoop"/>).
/// One Workers replica sweeps at a time (the <see cref="LeaseNames.GrantExpirySweeper"/> lease).
/// </summary>
internal sealed partial class GrantExpirySweeper(
    IServiceScopeFactory scopes, AccessClock clock, IOptions<AccessOptions> options, Leadership leadership, TimeProvider time, ILogger<GrantExpirySweeper> logger)
    : WorkerLoop(logger, time, leadership.For(LeaseNames.GrantExpirySweeper))
{
    protected override TimeSpan Interval => options.Value.ExpirySweepInterval;

    /// <summary>Expires up to <see cref="GrantExpiry.BatchSize"/> due grants; the rest wait for the next sweep.</summary>
    protected override async Task<bool> RunOnceAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var expired = await scope.ServiceProvider.GetRequiredService<GrantExpiry>().ExpireDueAsync(clock.GetUtcNow(), cancellationToken);
        if (expired > 0)
        {
            LogExpired(Logger, expired);
        }

        return false;
    }

    /// <summary>Wakes the sweeper whenever the test clock moves, for as long as the loop runs.</summary>
    protected override async Task ListenAsync(CancellationToken stoppingToken)
    {
        clock.Moved += Wake;
        try
        {
            await Task.Delay(Timeout.InfiniteTimeSpan, stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
        }
        finally
        {
            clock.Moved -= Wake;
        }
    }

    [LoggerMessage(EventId = 8101, Level = LogLevel.Information, Message = "Expired {Count} grant(s)")]
    private static partial void LogExpired(ILogger logger, int count);
}
