using Eucaim.Core.Data;
using Eucaim.Core.Identity;
using Eucaim.Core.Platform;
using Eucaim.Core.Storage;
using Microsoft.EntityFrameworkCore;

namespace Eucaim.Core.Ingest;

/// <summary>
/// tus termination: discards an upload not yet ingested, with its single-upload ingest. Its blob
/// (staged blocks or committed bytes) goes with the blob sweeper, from a tombstone recorded in the
/// same transaction as the row's deletion.
/// </summary>
public sealed class TerminateUpload(UnitOfWork uow, UploadHashes hashes)
{
    public Task<Outcome<Done>> RunAsync(Actor actor, Guid id, CancellationToken cancellationToken) =>
        uow.RunAsync<Done>(async (scope, ct) =>
        {
            var upload = await IngestAccess.FindUploadAsync(scope.Db, actor.Identity, id, ct);
            if (upload is null || UploadOffsets.IsExpired(upload, scope.Now))
            {
                return UploadProblems.NotFound(id);
            }

            var job = await scope.Db.IngestJobs.SingleAsync(j => j.Id == upload.IngestId, ct);
            if (IngestRules.RefuseTermination(job) is { } refused)
            {
                return refused;
            }

            IngestBlobs.RecordUploadSweep(scope.Db, upload, $"upload {id} terminated", scope.Now);
            await BlobSweeps.NotifyAsync(scope.Db, id, ct);
            hashes.Forget(id);
            scope.Db.Uploads.Remove(upload);
            if (!job.IsSession)
            {
                scope.Db.IngestJobs.Remove(job);
            }

            return Done.Value;
        }, cancellationToken);
}
