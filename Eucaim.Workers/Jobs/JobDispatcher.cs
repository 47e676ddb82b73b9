using Eucaim.Core.Contracts;
using Eucaim.Core.Data;
using Eucaim.Workers.Platform;

namespace Eucaim.Workers.Jobs;

/// <summary>
/// Runs <see cref="JobCycle"/> passes: at once when a job is submitted or cancelled, an export is
/// decided or a grant ends (LISTEN), or a Kubernetes watch event comes in, otherwise every poll
/// interval. Only the Workers replica holding the <see cref="LeaseNames.JobDispatcher"/> lease
/// dispatches, so two never launch the same job (and the claim of a job is an optimistic-concurrency
/// update besides); a new holder picks up every job where the rows say it is.
/// </summary>
internal sealed class JobDispatcher(
    IServiceScopeFactory scopes,
    JobsOptions options,
    JobWakeup wakeup,
    Leadership leadership,
    TimeProvider clock,
    ILogger<JobDispatcher> logger) : WorkerLoop(logger, clock, leadership.For(LeaseNames.JobDispatcher))
{
    private volatile bool _grantEnded = true;

    private DateTimeOffset _lastGrantCheck = DateTimeOffset.MinValue;

    protected override TimeSpan Interval => options.PollInterval;

    /// <summary>One connection LISTENs on both channels; an ended grant also asks the next pass to check grants.</summary>
    protected override Task ListenAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(
            NotificationListener.ListenAsync(scopes, [NotificationChannels.JobChanged, NotificationChannels.GrantEnded], notification =>
            {
                if (notification.Channel == NotificationChannels.GrantEnded)
                {
                    _grantEnded = true;
                }

                Wake();
            }, Interval, Logger, stoppingToken),
            ForwardWakeupsAsync(stoppingToken));

    /// <summary>A new holder checks every grant in its first pass, which starts at once.</summary>
    protected override void OnLeaseAcquired() => _grantEnded = true;

    /// <summary>One dispatch pass; grants are re-checked when one ended or the check is due.</summary>
    protected override async Task<bool> RunOnceAsync(CancellationToken cancellationToken)
    {
        var now = Time.GetUtcNow();
        var checkGrants = _grantEnded || now - _lastGrantCheck >= options.GrantCheckInterval;
        _grantEnded = false;
        await using var scope = scopes.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<JobCycle>().RunAsync(checkGrants, cancellationToken);
        if (checkGrants)
        {
            _lastGrantCheck = now;
        }

        return false;
    }

    /// <summary>Kubernetes watch events signal <see cref="JobWakeup"/>; each wakes the loop.</summary>
    private async Task ForwardWakeupsAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            await wakeup.WaitAsync(Timeout.InfiniteTimeSpan, stoppingToken);
            Wake();
        }
    }
}
