using Eucaim.Core.Contracts;
using Eucaim.Core.Data;
using Eucaim.Core.Ingest;
using Eucaim.Workers.Platform;
using Microsoft.EntityFrameworkCore;

namespace Eucaim.Workers.Ingest;

/// <summary>
/// The ingest work queue's consumer: claims a queued job (or a running one whose lease ran out:
/// its worker died) with <c>FOR UPDATE SKIP LOCKED</c>, renews the lease while the pipeline runs,
/// drains the queue one job per iteration, and wakes on <c>NOTIFY ingest_queued</c> or every poll
/// interval. Several workers share the queue; one job's failure never stops the others (it is
/// retried once its lease runs out).
/// </summary>
internal sealed class IngestWorker(
    IServiceScopeFactory scopes,
    IngestPipeline pipeline,
    IngestOptions options,
    TimeProvider time,
    ILogger<IngestWorker> logger) : WorkerLoop(logger, time)
{
    private readonly string _identity = $"{Environment.MachineName}/{Environment.ProcessId}/{Guid.NewGuid():N}";

    protected override TimeSpan Interval => options.PollInterval;

    protected override Task ListenAsync(CancellationToken stoppingToken) => ListenToChannelAsync(scopes, NotificationChannels.IngestQueued, stoppingToken);

    /// <summary>Claims and runs one job; true when there was one, so the queue is drained before waiting.</summary>
    protected override async Task<bool> RunOnceAsync(CancellationToken cancellationToken)
    {
        if (await ClaimAsync(cancellationToken) is not { } jobId)
        {
            return false;
        }

        await RunLeasedAsync(jobId, cancellationToken);
        return true;
    }

    private async Task<Guid?> ClaimAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<EucaimDbContext>();
        var lease = options.Lease;
        var claimed = await db.Database.SqlQuery<Guid>($"""
            UPDATE ingest_jobs SET state = 'Running', leased_by = {_identity}, lease_expires_at = now() + {lease},
                attempts = attempts + 1, started_at = coalesce(started_at, now())
            WHERE id = (
                SELECT id FROM ingest_jobs
                WHERE state = 'Queued' OR (state = 'Running' AND lease_expires_at < now())
                ORDER BY queued_at
                FOR UPDATE SKIP LOCKED
                LIMIT 1)
            RETURNING id AS "Value"
            """).ToListAsync(cancellationToken);
        return claimed.Count == 0 ? null : claimed[0];
    }

    /// <summary>Runs the pipeline while renewing the lease; losing the lease (another worker took over) stops the run.</summary>
    private async Task RunLeasedAsync(Guid jobId, CancellationToken stoppingToken)
    {
        using var run = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        var renewal = RenewAsync(jobId, run);
        try
        {
            Logger.LogInformation("Ingest {Job} claimed by {Worker}.", jobId, _identity);
            await pipeline.RunAsync(jobId, run.Token);
            Logger.LogInformation("Ingest {Job} completed.", jobId);
        }
        catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
        {
            // The lease runs out and the job is retried: every step is idempotent.
            Logger.LogError(ex, "Ingest {Job} failed this attempt: {Message}", jobId, ex.Message);
        }
        finally
        {
            await run.CancelAsync();
            await renewal.ContinueWith(_ => { }, TaskScheduler.Default);
        }
    }

    private async Task RenewAsync(Guid jobId, CancellationTokenSource run)
    {
        var lease = options.Lease;
        while (!run.IsCancellationRequested)
        {
            await Task.Delay(lease / 3, run.Token);
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var db = scope.ServiceProvider.GetRequiredService<EucaimDbContext>();
                var renewed = await db.Database.ExecuteSqlAsync(
                    $"UPDATE ingest_jobs SET lease_expires_at = now() + {lease} WHERE id = {jobId} AND leased_by = {_identity} AND state = 'Running'", run.Token);
                if (renewed == 0)
                {
                    Logger.LogWarning("Ingest {Job}: lease lost, stopping this run.", jobId);
                    await run.CancelAsync();
                }
            }
            catch (Exception ex) when (!run.IsCancellationRequested)
            {
                Logger.LogWarning(ex, "Renewing the lease of ingest {Job} failed: {Message}", jobId, ex.Message);
            }
        }
    }
}
