using Eucaim.Core.Data;
using Eucaim.Core.Identity;
using Eucaim.Core.Platform;
using Microsoft.EntityFrameworkCore;

namespace Eucaim.Core.Jobs;

/// <summary>
/// A member cancels a job: a queued one never starts, a running one is stopped by the dispatcher
/// within seconds. Cancelling twice is harmless; cancelling an ended job is a conflict.
/// </summary>
public sealed class CancelJob(UnitOfWork uow)
{
    public async Task<Outcome<Job>> RunAsync(Actor actor, Guid id, CancellationToken cancellationToken)
    {
        var job = await JobMembership.FindAsync(uow.Db, actor.Identity, id, tracking: false, cancellationToken);
        if (job is null)
        {
            return JobProblems.JobNotFound(id);
        }

        var requested = await uow.RunAsync<int>(async (scope, ct) =>
        {
            // One conditional UPDATE: the dispatcher changes the row all the time, and a cancel must not lose to it.
            var updated = await scope.Db.Jobs
                .Where(j => j.Id == id && j.CancelRequestedAt == null
                    && (j.Status == JobStatus.Queued || j.Status == JobStatus.Starting || j.Status == JobStatus.Running))
                .ExecuteUpdateAsync(u => u.SetProperty(j => j.CancelRequestedAt, scope.Now).SetProperty(j => j.CancelRequestedBy, actor.Identity.Subject), ct);
            if (updated == 1)
            {
                await JobChanges.NotifyAsync(scope.Db, id, ct);
                scope.Audit(JobAudit.CancelRequested(actor, job));
            }

            return updated;
        }, cancellationToken);

        job = await uow.Db.Jobs.AsNoTracking().FirstAsync(j => j.Id == id, cancellationToken);
        if (requested.Value == 0 && job.Status.IsFinal())
        {
            return JobProblems.Conflict("status", "job-finished", $"job {id} already ended ({job.Status}).");
        }

        return job;
    }
}
