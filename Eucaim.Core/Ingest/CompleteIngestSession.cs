using Eucaim.Core.Data;
using Eucaim.Core.Identity;
using Eucaim.Core.Platform;
using Microsoft.EntityFrameworkCore;

namespace Eucaim.Core.Ingest;

/// <summary>The ingest after completing a session: queued now, or already past open (answered as it is).</summary>
public sealed record CompletedSession(IngestJob Job, bool Queued);

/// <summary>Closes a session: its complete uploads are queued for ingest. Uploads still receiving block it (409).</summary>
public sealed class CompleteIngestSession(UnitOfWork uow, CompleteUpload completion)
{
    public async Task<Outcome<CompletedSession>> RunAsync(Actor actor, Guid id, CancellationToken cancellationToken)
    {
        var job = await IngestAccess.FindIngestAsync(uow.Db, actor.Identity, id, cancellationToken);
        if (job is null)
        {
            return UploadProblems.IngestNotFound(id);
        }

        if (job.State != IngestState.Open)
        {
            return new CompletedSession(job, Queued: false);
        }

        var uploads = await uow.Db.Uploads.Where(u => u.IngestId == id).ToListAsync(cancellationToken);
        foreach (var finished in uploads.Where(u => u.State == UploadState.Receiving && u.Offset == u.Length).ToList())
        {
            // A completion cut short by a crash: finish it now.
            var completed = await completion.RunAsync(finished, null, cancellationToken);
            uploads[uploads.IndexOf(finished)] = completed.Value ?? finished;
        }

        if (IngestRules.RefuseSessionCompletion(uploads) is { } refused)
        {
            return refused;
        }

        var outcome = await uow.RunAsync<CompletedSession>(async (scope, ct) =>
        {
            // Abandoned, expired or completed by another request since it was read: answer what it is now.
            await IngestRemoval.LockAsync(scope.Db, id, ct);
            var session = await scope.Db.IngestJobs.AsNoTracking().SingleOrDefaultAsync(j => j.Id == id, ct);
            if (session is null)
            {
                return UploadProblems.IngestNotFound(id);
            }

            if (session.State != IngestState.Open)
            {
                return new CompletedSession(session, Queued: false);
            }

            // The row as it is now replaces the one read before the lock.
            scope.Db.Entry(job).State = EntityState.Detached;
            scope.Db.IngestJobs.Attach(session);
            IngestRules.Queue(session, scope.Now);
            return new CompletedSession(session, Queued: true);
        }, cancellationToken);
        if (outcome.Value is { Queued: true })
        {
            await IngestQueue.NotifyAsync(uow.Db, id, cancellationToken);
        }

        return outcome;
    }
}
