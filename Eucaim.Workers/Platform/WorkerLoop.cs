using Eucaim.Core.Data;

namespace Eucaim.Workers.Platform;

/// <summary>
/// The one shape of every Workers loop: run an iteration, then wait for the first of a wake-up and
/// the loop's <see cref="Interval"/>. An iteration that says more work is waiting is followed at once
/// by the next. A failed iteration is logged with its exception and the loop goes on after a back-off
/// that doubles with each failure in a row (<see cref="Backoff"/>), so a broken dependency is never
/// hammered; the first success resets it. Wake-ups (a PostgreSQL channel, an in-process event) only
/// speed things up: every loop also runs each interval, so a lost wake-up delays work, never loses it.
/// A loop given a <see cref="Lease"/> (work that must run in one Workers replica at a time) runs its
/// iterations only while this replica holds it, under a token that is cancelled when the lease is
/// lost; it starts an iteration at once when it acquires the lease, and releases the lease only
/// after its last iteration has ended.
/// </summary>
public abstract partial class WorkerLoop : BackgroundService
{
    // At most one pending wake-up: one iteration serves every wake-up that came in before it started.
    private readonly SemaphoreSlim _wake = new(0, 1);
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly Lease? _lease;

    protected WorkerLoop(ILogger logger, TimeProvider time, Lease? lease = null)
    {
        _logger = logger;
        _time = time;
        _lease = lease;
        if (lease is not null)
        {
            lease.Acquired += () =>
            {
                OnLeaseAcquired();
                Wake();
            };
        }
    }

    /// <summary>The wait between iterations when nothing wakes the loop; the first step of the back-off.</summary>
    protected abstract TimeSpan Interval { get; }

    /// <summary>
    /// The longest wait after failures in a row (never shorter than <see cref="Interval"/>): a minute
    /// spares a broken database or storage account, yet picks the work up soon after it recovers.
    /// </summary>
    protected virtual TimeSpan MaxBackoff => TimeSpan.FromMinutes(1);

    /// <summary>The loop's logger and clock, for derived loops (their primary-constructor parameters go to this base).</summary>
    protected ILogger Logger => _logger;

    protected TimeProvider Time => _time;

    /// <summary>One pass of the loop's work.</summary>
    /// <returns>True when more work is waiting, so the next iteration starts without waiting.</returns>
    protected abstract Task<bool> RunOnceAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Runs for the loop's lifetime, beside the iterations, and calls <see cref="Wake"/> when work
    /// arrives; none by default. <see cref="ListenToChannelAsync"/> covers a PostgreSQL channel.
    /// </summary>
    protected virtual Task ListenAsync(CancellationToken stoppingToken) => Task.CompletedTask;

    /// <summary>Called when this replica has just acquired the loop's lease, before the iteration that follows at once.</summary>
    protected virtual void OnLeaseAcquired()
    {
    }

    /// <summary>Ends the current wait, or the next one if an iteration is running, so an iteration runs at once.</summary>
    protected void Wake()
    {
        try
        {
            _wake.Release();
        }
        catch (SemaphoreFullException)
        {
            // A wake-up is already pending: one iteration serves both.
        }
    }

    /// <summary>LISTENs on <paramref name="channel"/> (reconnecting after <see cref="Interval"/>) and wakes the loop on each notification.</summary>
    protected Task ListenToChannelAsync(IServiceScopeFactory scopes, string channel, CancellationToken stoppingToken) =>
        NotificationListener.ListenAsync(scopes, channel, _ => Wake(), Interval, _logger, stoppingToken);

    /// <summary>
    /// The wait after <paramref name="failuresInARow"/> failed iterations: the interval after the
    /// first, then twice as long with each further failure, up to <paramref name="max"/> (or the
    /// interval, if that is longer). No failures: the interval.
    /// </summary>
    public static TimeSpan Backoff(TimeSpan interval, int failuresInARow, TimeSpan max)
    {
        var cap = max > interval ? max : interval;
        if (failuresInARow <= 1)
        {
            return interval;
        }

        // 2^30 times any positive interval is past any sensible cap; stopping there avoids overflow.
        var factor = Math.Pow(2, Math.Min(failuresInARow - 1, 30));
        var ticks = interval.Ticks * factor;
        return ticks >= cap.Ticks ? cap : TimeSpan.FromTicks((long)ticks);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var listening = ListenAsync(stoppingToken);
        // The lease outlives the iterations: it is released only after the last one has ended.
        using var holding = new CancellationTokenSource();
        var holdingLease = _lease?.HoldAsync(holding.Token) ?? Task.CompletedTask;
        try
        {
            var failuresInARow = 0;
            while (!stoppingToken.IsCancellationRequested)
            {
                var tenure = _lease?.Tenure ?? CancellationToken.None;
                if (tenure.IsCancellationRequested)
                {
                    // Another replica does this work now; acquiring the lease wakes the loop.
                    await WaitForWakeOrIntervalAsync(stoppingToken);
                    continue;
                }

                bool moreWaiting;
                try
                {
                    using var iteration = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken, tenure);
                    moreWaiting = await RunOnceAsync(iteration.Token);
                    failuresInARow = 0;
                }
                catch (OperationCanceledException) when (tenure.IsCancellationRequested && !stoppingToken.IsCancellationRequested)
                {
                    LogLeaseLost(_logger, GetType().Name, _lease!.Name);
                    continue;
                }
                catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
                {
                    failuresInARow++;
                    var delay = Backoff(Interval, failuresInARow, MaxBackoff);
                    LogIterationFailed(_logger, ex, GetType().Name, failuresInARow, delay, ex.Message);

                    // A wake-up does not cut a back-off short: it would not mend what just failed.
                    await DelayAsync(delay, stoppingToken);
                    continue;
                }

                if (!moreWaiting)
                {
                    await WaitForWakeOrIntervalAsync(stoppingToken);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down.
        }
        finally
        {
            await holding.CancelAsync();
            await holdingLease.ContinueWith(_ => { }, CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default);
            await listening.ContinueWith(_ => { }, CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default);
        }
    }

    public override void Dispose()
    {
        _wake.Dispose();
        base.Dispose();
    }

    private async Task WaitForWakeOrIntervalAsync(CancellationToken stoppingToken)
    {
        using var waiting = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        var woken = _wake.WaitAsync(waiting.Token);
        var elapsed = Task.Delay(Interval, _time, waiting.Token);
        await Task.WhenAny(woken, elapsed);
        await waiting.CancelAsync();
        await Task.WhenAll(woken, elapsed).ContinueWith(_ => { }, CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default);
        stoppingToken.ThrowIfCancellationRequested();
    }

    private Task DelayAsync(TimeSpan delay, CancellationToken stoppingToken) => Task.Delay(delay, _time, stoppingToken);

    [LoggerMessage(EventId = 9001, Level = LogLevel.Error, Message = "{Loop}: iteration failed ({FailuresInARow} in a row), next attempt in {Delay}: {Message}")]
    private static partial void LogIterationFailed(ILogger logger, Exception exception, string loop, int failuresInARow, TimeSpan delay, string message);

    [LoggerMessage(EventId = 9002, Level = LogLevel.Information, Message = "{Loop}: the iteration stopped because this replica lost lease {Lease}")]
    private static partial void LogLeaseLost(ILogger logger, string loop, string lease);
}
