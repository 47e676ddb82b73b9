using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Specialized;
using Eucaim.Core.Data;
using Eucaim.Core.Identity;
using Eucaim.Core.Platform;
using Eucaim.Core.Storage;
using Microsoft.EntityFrameworkCore;

namespace Eucaim.Core.Ingest;

/// <summary>tus termination: discards an upload not yet ingested, with its single-upload ingest.</summary>
public sealed class TerminateUpload(UnitOfWork uow, BlobServiceClient blobs, UploadHashes hashes)
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

            await DiscardBlobAsync(blobs, upload, ct);
            hashes.Forget(id);
            scope.Db.Uploads.Remove(upload);
            if (!job.IsSession)
            {
                scope.Db.IngestJobs.Remove(job);
            }

            return Done.Value;
        }, cancellationToken);

    /// <summary>Committing an empty block list drops the uncommitted blocks; deleting the blob then removes everything.</summary>
    public static async Task DiscardBlobAsync(BlobServiceClient blobs, Upload upload, CancellationToken cancellationToken)
    {
        var blob = blobs.GetBlobContainerClient(BlobContainers.Quarantine).GetBlockBlobClient(upload.BlobName);
        if (upload.State == UploadState.Receiving)
        {
            await blob.CommitBlockListAsync([], cancellationToken: cancellationToken);
        }

        await blob.DeleteIfExistsAsync(cancellationToken: cancellationToken);
    }
}
