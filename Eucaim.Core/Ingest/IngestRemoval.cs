using Eucaim.Core.Data;
using Eucaim.Core.Storage;
using Microsoft.EntityFrameworkCore;

namespace Eucaim.Core.Ingest;

/// <summary>
/// The one way an ingest that put nothing into the draft is removed, by request or by expiry: its
/// uploads and files cascade with it, and their blobs in quarantine (complete, or only staged blocks)
/// go with the blob sweeper, from tombstones recorded in the same transaction.
/// </summary>
internal static class IngestRemoval
{
    /// <summary>
    /// Locks the ingest's row until the transaction ends, so that a removal, a session's completion
    /// and a new upload joining the session see each other's result instead of racing.
    /// </summary>
    public static Task LockAsync(EucaimDbContext db, Guid id, CancellationToken cancellationToken) =>
        db.Database.ExecuteSqlAsync($"SELECT 1 FROM ingest_jobs WHERE id = {id} FOR UPDATE", cancellationToken);

    /// <returns>The removed uploads' ids.</returns>
    public static async Task<List<Guid>> RemoveAsync(UnitOfWorkScope scope, IngestJob job, string reason, CancellationToken cancellationToken)
    {
        var uploads = await scope.Db.Uploads.Where(u => u.IngestId == job.Id).ToListAsync(cancellationToken);
        foreach (var upload in uploads)
        {
            IngestBlobs.RecordUploadSweep(scope.Db, upload, $"ingest {job.Id} {reason}", scope.Now);
        }

        scope.Db.IngestJobs.Remove(job);
        await BlobSweeps.NotifyAsync(scope.Db, job.Id, cancellationToken);
        return uploads.Select(u => u.Id).ToList();
    }
}
