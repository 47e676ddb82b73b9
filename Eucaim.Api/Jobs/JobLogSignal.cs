using System.Collections.Concurrent;
using Eucaim.Core.Contracts;
using Eucaim.Core.Data;
using Eucaim.Core.Jobs;
using Npgsql;

namespace Eucaim.Api.Jobs;

/// <summary>
/// One LISTEN on <c>job_log</c> for the whole API process: a log follower waits here instead of
/// polling, and wakes when the Workers append to its job's log (or after a short timeout, so a lost
/// notification only delays, never stalls, a follower).
/// </summary>
internal sealed class JobLogSignal(IServiceScopeFactory scopes, ILogger<JobLogSignal> logger) : BackgroundService
{
    private readonly ConcurrentDictionary<Guid, TaskCompletionSource> _waiters = new();

    public async Task WaitAsync(Guid jobId, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var waiter = _waiters.GetOrAdd(jobId, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        await waiter.Task.WaitAsync(timeout, cancellationToken).ContinueWith(_ => { }, TaskScheduler.Default);
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        NotificationListener.ListenAsync(scopes, NotificationChannels.JobLog, Wake, TimeSpan.FromSeconds(5), logger, stoppingToken);

    private void Wake(NpgsqlNotificationEventArgs notification)
    {
        if (Guid.TryParse(notification.Payload, out var id) && _waiters.TryRemove(id, out var waiter))
        {
            waiter.TrySetResult();
        }
    }
}
