using Eucaim.Core.Access;
using Microsoft.Extensions.Options;

namespace Eucaim.Workers.Access;

/// <summary>
/// Runs <see cref="GrantExpiry"/> every <see cref="AccessOptions.ExpirySweepInterval"/>, and at once
/// when the (Development-only) test clock moves. A failed sweep is logged and retried next round.
/// </summary>
internal sealed partial class GrantExpirySweeper(
    IServiceScopeFactory scopes, AccessClock clock, IOptions<AccessOptions> options, ILogger<GrantExpirySweeper> logger) : BackgroundService
{
    private readonly SemaphoreSlim _wake = new(0, 1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        clock.Moved += Wake;
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                try
                {
                    await using var scope = scopes.CreateAsyncScope();
                    var expired = await scope.ServiceProvider.GetRequiredService<GrantExpiry>().ExpireDueAsync(clock.GetUtcNow(), stoppingToken);
                    if (expired > 0)
                    {
                        LogExpired(logger, expired);
                    }
                }
                catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
                {
                    LogSweepFailed(logger, ex);
                }

                try
                {
                    await _wake.WaitAsync(options.Value.ExpirySweepInterval, stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
        finally
        {
            clock.Moved -= Wake;
        }
    }

    public override void Dispose()
    {
        _wake.Dispose();
        base.Dispose();
    }

    private void Wake()
    {
        try
        {
            _wake.Release();
        }
        catch (SemaphoreFullException)
        {
            // A wake-up is already pending: one sweep serves both.
        }
    }

    [LoggerMessage(EventId = 8101, Level = LogLevel.Information, Message = "Expired {Count} grant(s)")]
    private static partial void LogExpired(ILogger logger, int count);

    [LoggerMessage(EventId = 8102, Level = LogLevel.Error, Message = "Grant expiry sweep failed; retrying next round")]
    private static partial void LogSweepFailed(ILogger logger, Exception exception);
}
