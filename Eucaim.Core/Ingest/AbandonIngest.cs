using Eucaim.Core.Data;
using Eucaim.Core.Identity;
using Eucaim.Core.Platform;
using Eucaim.Core.Storage;
using Microsoft.EntityFrameworkCore;

namespace Eucaim.Core.Ingest;

/// <summary>
/// Deletes an ingest that put nothing into the draft: an open session (or single-upload ingest)
/// that is given up, or one that failed. Its uploads go with it, and their blobs in quarantine
/// (complete, or only staged blocks) with the blob sweeper, from tombstones recorded in the same transaction.
/// </summary>
public sealed class AbandonIngest(UnitOfWork uow, UploadHashes hashes)
{
    public async Task<Outcome<Done>> RunAsync(Actor actor, Guid id, CancellationToken cancellationToken)
    {
        var uploadIds = new List<Guid>();
        var outcome = await uow.RunAsync<Done>(async (scope, ct) =>
        {
            var job = await IngestAccess.FindIngestAsync(scope.Db, actor.Identity, id, ct);
            if (job is null)
            {
                return UploadProblems.IngestNotFound(id);
            }

            if (IngestRules.RefuseAbandon(job) is { } refused)
            {
                return refused;
            }

            var uploads = await scope.Db.Uploads.Where(u => u.IngestId == id).ToListAsync(ct);
            foreach (var upload in uploads)
            {
                IngestBlobs.RecordUploadSweep(scope.Db, upload, $"ingest {id} abandoned", scope.Now);
            }

            // The uploads and files cascade with the ingest.
            scope.Db.IngestJobs.Remove(job);
            await BlobSweeps.NotifyAsync(scope.Db, id, ct);
            scope.Audit(IngestAudit.IngestAbandoned(job, actor, uploads.Count));
            uploadIds = uploads.Select(u => u.Id).ToList();
            return Done.Value;
        }, cancellationToken);

        foreach (var upload in uploadIds)
        {
            hashes.Forget(upload);
        }

        return outcome;
    }
}
