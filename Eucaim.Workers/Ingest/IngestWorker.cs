using Eucaim.Core.Data;
using Eucaim.Core.Ingest;
using Microsoft.EntityFrameworkCore;

namespace Eucaim.Workers.Ingest;

/// <summary>
/// The ingest work queue's consumer: claims a queued job (or a running one whose lease ran out:
/// its worker died) with <c>FOR UPDATE SKIP LOCKED</c>, renews the lease while the pipeline runs,
/// and wakes on <c>NOTIFY ingest_queued</c> or every poll interval. Several workers share the
/// queue; one job's failure never stops the others (it is retried once its lease runs out).
/// </summary>
internal sealed class IngestWorker(
    IServiceScopeFactory scopes,
    IngestPipeline pipeline,
    IngestOptions options,
    ILogger<IngestWorker> logger) : BackgroundService
{
    private readonly string _identity = $"{Environment.MachineName}/{Environment.ProcessId}/{Guid.NewGuid():N}";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var wake = new SemaphoreSlim(0);
        _ = ListenAsync(wake, stoppingToken);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                while (await ClaimAsync(stoppingToken) is { } jobId)
                {
                    await RunLeasedAsync(jobId, stoppingToken);
                }
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogError(ex, "Ingest pass failed: {Message}", ex.Message);
            }

            await wake.WaitAsync(TimeSpan.FromSeconds(options.PollSeconds), stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
        }
    }

    private async Task<Guid?> ClaimAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<EucaimDbContext>();
        var lease = TimeSpan.FromSeconds(options.LeaseSeconds);
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
            logger.LogInformation("Ingest {Job} claimed by {Worker}.", jobId, _identity);
            await pipeline.RunAsync(jobId, run.Token);
            logger.LogInformation("Ingest {Job} completed.", jobId);
        }
        catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
        {
            // The lease runs out and the job is retried: every step is idempotent.
            logger.LogError(ex, "Ingest {Job} failed this attempt: {Message}", jobId, ex.Message);
        }
        finally
        {
            await run.CancelAsync();
            await renewal.ContinueWith(_ => { }, TaskScheduler.Default);
        }
    }

    private async Task RenewAsync(Guid jobId, CancellationTokenSource run)
    {
        var lease = TimeSpan.FromSeconds(options.LeaseSeconds);
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
                    logger.LogWarning("Ingest {Job}: lease lost, stopping this run.", jobId);
                    await run.CancelAsync();
                }
            }
            catch (Exception ex) when (!run.IsCancellationRequested)
            {
                logger.LogWarning(ex, "Renewing the lease of ingest {Job} failed: {Message}", jobId, ex.Message);
            }
        }
    }

    private Task ListenAsync(SemaphoreSlim wake, CancellationToken stoppingToken) =>
        NotificationListener.ListenAsync(scopes, IngestQueue.Channel, _ => wake.Release(), TimeSpan.FromSeconds(options.PollSeconds), logger, stoppingToken);
}
