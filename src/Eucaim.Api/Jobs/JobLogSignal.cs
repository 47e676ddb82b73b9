using System.Collections.Concurrent;
using Eucaim.Core.Data;
using Eucaim.Core.Jobs;
using Microsoft.EntityFrameworkCore;
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

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var connectionString = scope.ServiceProvider.GetRequiredService<EucaimDbContext>().Database.GetConnectionString();
                await using var connection = new NpgsqlConnection(connectionString);
                await connection.OpenAsync(stoppingToken);
                connection.Notification += (_, e) =>
                {
                    if (Guid.TryParse(e.Payload, out var id) && _waiters.TryRemove(id, out var waiter))
                    {
                        waiter.TrySetResult();
                    }
                };
                await using (var listen = new NpgsqlCommand($"LISTEN {JobChanges.LogChannel}", connection))
                {
                    await listen.ExecuteNonQueryAsync(stoppingToken);
                }

                while (!stoppingToken.IsCancellationRequested)
                {
                    await connection.WaitAsync(stoppingToken);
                }
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                // Followers still poll on their timeout; listen again after a pause.
                logger.LogWarning(ex, "Listening on {Channel} failed: {Message}", JobChanges.LogChannel, ex.Message);
                await Task.Delay(TimeSpan.FromSeconds(5), stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
            }
        }
    }
}
