using Eucaim.Core.Data;
using Eucaim.Core.Jobs;
using Eucaim.Core.Tenants;
using Eucaim.Workers.Exports;
using Microsoft.EntityFrameworkCore;

namespace Eucaim.Workers.Jobs;

/// <summary>
/// One pass of the dispatcher and monitor over the job rows: stop what must stop (cancelled, access
/// revoked), observe what runs (status, logs), collect what ended (logs, outputs), start what the
/// fair-share queue allows. Everything it decides is in PostgreSQL before it acts on the backend, and
/// every backend call is idempotent, so a pass cut short by a crash is finished by the next one.
/// </summary>
public sealed class JobCycle(
    EucaimDbContext db,
    IJobBackend backend,
    IDatasetGrants grants,
    JobLogPump pump,
    JobCollector collector,
    ExportPublisher exports,
    JobEvents events,
    JobsOptions options,
    PodBudget budget,
    TimeProvider clock,
    ILogger<JobCycle> logger)
{
    public async Task RunAsync(bool checkGrants, CancellationToken cancellationToken)
    {
        if (checkGrants)
        {
            await StopRevokedAsync(cancellationToken);
        }

        await StopCancelledAsync(cancellationToken);
        await ObserveAsync(cancellationToken);
        await CollectAsync(cancellationToken);
        await DispatchAsync(cancellationToken);
        await exports.PublishApprovedAsync(db, cancellationToken);
    }

    /// <summary>A job whose grant ended (revoked or expired) is stopped, queued or running, with reason "access revoked".</summary>
    private async Task StopRevokedAsync(CancellationToken cancellationToken)
    {
        var jobs = await db.Jobs.Where(j => (j.Status == JobStatus.Queued || j.Status == JobStatus.Starting || j.Status == JobStatus.Running) && j.CancelRequestedAt == null)
            .ToListAsync(cancellationToken);
        var grantIds = jobs.SelectMany(j => j.Datasets).Where(d => d.GrantId is not null).Select(d => d.GrantId!.Value).Distinct().ToList();
        if (grantIds.Count == 0)
        {
            return;
        }

        var ended = await grants.EndedAsync(grantIds, cancellationToken);
        foreach (var job in jobs.Where(j => j.Datasets.Any(d => d.GrantId is { } g && ended.Contains(g))))
        {
            job.CancelRequestedAt = clock.GetUtcNow();
            job.CancelRequestedBy = JobEvents.SystemActor;
            job.StopReason = "access revoked";
            logger.LogWarning("Stopping job {JobId} of {Tenant}: a grant it uses has ended.", job.Id, job.TenantSlug);
        }

        await db.SaveChangesAsync(cancellationToken);
    }

    private async Task StopCancelledAsync(CancellationToken cancellationToken)
    {
        var jobs = await db.Jobs.Where(j => j.CancelRequestedAt != null && (j.Status == JobStatus.Queued || j.Status == JobStatus.Starting || j.Status == JobStatus.Running))
            .ToListAsync(cancellationToken);
        foreach (var job in jobs)
        {
            var wasQueued = job.Status == JobStatus.Queued;
            if (!wasQueued)
            {
                try
                {
                    await backend.StopAsync(job, cancellationToken);
                }
                catch (JobBackendUnavailableException ex)
                {
                    // Still running as far as we know: try again on the next pass.
                    logger.LogWarning("Cannot stop job {JobId} yet: {Message}", job.Id, ex.Message);
                    continue;
                }
            }

            job.Status = JobStatus.Cancelled;
            job.Reason = job.StopReason ?? (wasQueued ? "Cancelled before it started." : "Cancelled.");
            job.FinishedAt = clock.GetUtcNow();
            await db.SaveChangesAsync(cancellationToken);
            await events.FinishedAsync(job, cancellationToken);
        }
    }

    private async Task ObserveAsync(CancellationToken cancellationToken)
    {
        var jobs = await db.Jobs.Where(j => j.Status == JobStatus.Starting || j.Status == JobStatus.Running).ToListAsync(cancellationToken);
        foreach (var job in jobs)
        {
            try
            {
                await ObserveOneAsync(job, cancellationToken);
            }
            catch (JobBackendUnavailableException ex)
            {
                logger.LogWarning("Cannot observe job {JobId}: {Message}", job.Id, ex.Message);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // One job's surprise never holds up the others: it is looked at again next pass.
                logger.LogError(ex, "Observing job {JobId} failed; trying again next pass.", job.Id);
                // Forget only this job's half-made changes: the other jobs of the pass are still tracked.
                await db.Entry(job).ReloadAsync(cancellationToken);
            }
        }
    }

    private async Task ObserveOneAsync(Job job, CancellationToken cancellationToken, bool mayLaunch = true)
    {
        var seen = await backend.ObserveAsync(job, cancellationToken);
        if (!seen.Launched && mayLaunch)
        {
            // Claimed by a pass that stopped before the backend heard of it: launch now (launching is idempotent).
            await LaunchAsync(job, cancellationToken);
            return;
        }

        if (!seen.Launched)
        {
            return;
        }

        await pump.PumpAsync(db, job, cancellationToken);
        var now = clock.GetUtcNow();
        seen = await EnforceDeadlinesAsync(job, seen, now, cancellationToken);
        if (seen.Status == JobStatus.Succeeded)
        {
            // Succeeded means the outputs are in the tenant's storage and verified, not only that the job exited 0.
            var copy = await collector.CopyOutputsAsync(job, cancellationToken);
            job.OutputFileCount = copy.Files;
            if (copy.Problem is { } problem)
            {
                seen = seen with { Status = JobStatus.Failed, Reason = $"The job completed, but its outputs could not be saved: {problem}" };
            }
        }

        if (seen.Status == job.Status && seen.Reason == job.Reason)
        {
            return;
        }

        if (seen.Status == JobStatus.Running && job.RunningAt is null)
        {
            job.RunningAt = now;
        }

        job.Status = seen.Status;
        job.Reason = seen.Reason ?? job.Reason;
        job.ExitCode = seen.ExitCode;
        if (seen.Status.IsFinal())
        {
            job.FinishedAt = now;
        }

        await db.SaveChangesAsync(cancellationToken);
        if (seen.Status.IsFinal())
        {
            await events.FinishedAsync(job, cancellationToken);
        }
    }

    private async Task CollectAsync(CancellationToken cancellationToken)
    {
        var ended = new[] { JobStatus.Succeeded, JobStatus.Failed, JobStatus.Cancelled, JobStatus.TimedOut };
        var jobs = await db.Jobs.Where(j => ended.Contains(j.Status) && j.CollectedAt == null).OrderBy(j => j.FinishedAt).ToListAsync(cancellationToken);
        foreach (var job in jobs)
        {
            try
            {
                await collector.CollectAsync(db, job, clock.GetUtcNow(), cancellationToken);
            }
            catch (JobBackendUnavailableException ex)
            {
                logger.LogWarning("Cannot collect job {JobId} yet: {Message}", job.Id, ex.Message);
                continue;
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogError(ex, "Collecting job {JobId} failed; trying again next pass.", job.Id);
                continue;
            }

            await db.SaveChangesAsync(cancellationToken);
            // Followers of the live log learn that the log is complete.
            await JobChanges.NotifyLogAsync(db, job.Id, cancellationToken);
        }
    }

    private async Task DispatchAsync(CancellationToken cancellationToken)
    {
        var queued = await db.Jobs.AsNoTracking().Where(j => j.Status == JobStatus.Queued && j.CancelRequestedAt == null).ToListAsync(cancellationToken);
        if (queued.Count == 0)
        {
            return;
        }

        // Sized with today's flavors, as the launch renders them; a job whose flavor is gone is let through to fail at launch.
        var flavors = await db.Flavors.AsNoTracking().ToDictionaryAsync(f => f.Name, cancellationToken);
        PodResources Pod(Job j) => flavors.TryGetValue(j.Flavor, out var f) ? budget.Pod(f, j.Datasets.Count > 0) : new PodResources(0, 0, 0, j.GpuCount);
        var waiting = queued.Select(j => new JobQueue.Waiting(j.Id, j.TenantId, j.Flavor, Pod(j), j.SubmittedAt)).ToList();
        var active = (await db.Jobs.AsNoTracking().Where(j => j.Status == JobStatus.Starting || j.Status == JobStatus.Running).ToListAsync(cancellationToken))
            .Select(j => new JobQueue.Active(j.TenantId, Pod(j))).ToList();
        var tenantIds = waiting.Select(w => w.TenantId).Distinct().ToList();
        // A tenant runs jobs only once the provisioner says it is Ready (its namespace exists as desired);
        // until then its jobs wait in the queue, saying why, rather than fail against a missing namespace.
        var tenants = await db.Tenants.AsNoTracking().Where(t => tenantIds.Contains(t.Id))
            .Select(t => new { t.Id, Ready = t.State == TenantState.Active && t.Conditions.Any(c => c.Type == TenantConditionTypes.Ready && c.Status), Tenant = t })
            .ToDictionaryAsync(t => t.Id, t => new JobQueue.TenantLimits(t.Id, t.Ready, budget.Allowed(t.Tenant.Quota), t.Tenant.Quota.ConcurrentJobs), cancellationToken);
        var decision = JobQueue.NextToStart(waiting, active, tenants, backend.Capacity);
        await ExplainWaitsAsync(queued, decision.Waits, cancellationToken);
        foreach (var next in decision.Start)
        {
            var job = await db.Jobs.FirstAsync(j => j.Id == next.JobId, cancellationToken);
            if (job.Status != JobStatus.Queued || job.CancelRequestedAt is not null)
            {
                continue;
            }

            job.Status = JobStatus.Starting;
            job.StartedAt = clock.GetUtcNow();
            job.Reason = "Staging datasets and starting.";
            job.Devices = await FreeDevicesAsync(job.GpuCount, cancellationToken);
            try
            {
                // The claim is committed before the backend hears of the job: a crash after this point is finished by the next pass.
                await db.SaveChangesAsync(cancellationToken);
            }
            catch (DbUpdateConcurrencyException)
            {
                continue;
            }

            await LaunchAsync(job, cancellationToken);
        }
    }

    private async Task LaunchAsync(Job job, CancellationToken cancellationToken)
    {
        try
        {
            var flavor = await db.Flavors.AsNoTracking().FirstOrDefaultAsync(f => f.Name == job.Flavor, cancellationToken)
                ?? throw new DatasetStagingException($"flavor '{job.Flavor}' no longer exists.");
            // A new token for every launch, committed before the pod can ask with it; an earlier launch's token stops working.
            var (token, hash) = JobStagingToken.Issue();
            job.StagingTokenHash = hash;
            await db.SaveChangesAsync(cancellationToken);
            await backend.LaunchAsync(new JobLaunch(job, flavor, job.Devices, token), cancellationToken);
        }
        catch (JobBackendUnavailableException ex)
        {
            job.Status = JobStatus.Queued;
            job.StartedAt = null;
            job.Devices = [];
            job.Reason = ex.Message;
            await db.SaveChangesAsync(cancellationToken);
            logger.LogWarning("Job {JobId} stays queued: {Message}", job.Id, ex.Message);
            return;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            if (ex is not (DatasetStagingException or JobRejectedException))
            {
                // Unexpected, but this job's alone: it fails with the reason and the pass goes on to the next.
                logger.LogError(ex, "Launching job {JobId} failed unexpectedly.", job.Id);
            }

            job.Status = JobStatus.Failed;
            job.Reason = $"Could not start: {ex.Message}";
            job.FinishedAt = clock.GetUtcNow();
            await db.SaveChangesAsync(cancellationToken);
            await events.FinishedAsync(job, cancellationToken);
            return;
        }

        job.Reason = "Started.";
        await db.SaveChangesAsync(cancellationToken);
        await events.StartedAsync(job, cancellationToken);
        try
        {
            // Look at once rather than at the next pass: a local process is running as soon as it is launched.
            await ObserveOneAsync(job, cancellationToken, mayLaunch: false);
        }
        catch (JobBackendUnavailableException ex)
        {
            // Launched all the same: the next pass observes it.
            logger.LogWarning("Cannot observe job {JobId} yet: {Message}", job.Id, ex.Message);
        }
    }

    /// <summary>
    /// Two clocks, so waiting for a GPU never eats into a job's runtime: the queue timeout runs from
    /// launch until the job's container starts, the run deadline from then on (not while the outputs
    /// are being saved). A job past either is stopped and TimedOut with the reason.
    /// </summary>
    private async Task<JobObservation> EnforceDeadlinesAsync(Job job, JobObservation seen, DateTimeOffset now, CancellationToken cancellationToken)
    {
        string? reason = null;
        if (seen.Status == JobStatus.Running && !seen.SavingOutputs && job.RunningAt is { } running && now - running > TimeSpan.FromMinutes(job.MaxRuntimeMinutes))
        {
            reason = $"DeadlineExceeded: ran longer than its maximum of {job.MaxRuntimeMinutes} minute(s).";
        }
        else if (seen.Status == JobStatus.Starting && job.RunningAt is null && job.StartedAt is { } started && now - started > options.QueueTimeout)
        {
            reason = $"QueueTimeout: waited longer than {options.QueueTimeout.TotalMinutes:0} minute(s) for the cluster to start it (last: {seen.Reason ?? job.Reason}).";
        }

        if (reason is null)
        {
            return seen;
        }

        await backend.StopAsync(job, cancellationToken);
        return seen with { Status = JobStatus.TimedOut, Reason = reason };
    }

    /// <summary>Shows each waiting job why it waits; a job changed meanwhile (cancelled, claimed) keeps its row as it is.</summary>
    private async Task ExplainWaitsAsync(List<Job> queued, IReadOnlyDictionary<Guid, string> waits, CancellationToken cancellationToken)
    {
        foreach (var job in queued.Where(j => waits.TryGetValue(j.Id, out var reason) && reason != j.Reason))
        {
            await db.Jobs.Where(j => j.Id == job.Id && j.Status == JobStatus.Queued && j.RowVersion == job.RowVersion)
                .ExecuteUpdateAsync(s => s.SetProperty(j => j.Reason, waits[job.Id]), cancellationToken);
        }
    }

    /// <summary>GPU indices no other active job holds (local backend; a cluster assigns its own).</summary>
    private async Task<List<int>> FreeDevicesAsync(int count, CancellationToken cancellationToken)
    {
        if (count == 0 || backend is not Local.LocalJobBackend local || local.Gpus.Count == 0)
        {
            return [];
        }

        var taken = (await db.Jobs.AsNoTracking().Where(j => j.Status == JobStatus.Starting || j.Status == JobStatus.Running)
            .Select(j => j.Devices).ToListAsync(cancellationToken)).SelectMany(d => d).ToHashSet();
        return [.. local.Gpus.Where(g => !taken.Contains(g)).Take(count)];
    }
}
