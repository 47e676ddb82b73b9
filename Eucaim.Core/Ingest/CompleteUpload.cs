using System.Security.Cryptography;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Blobs.Specialized;
using Eucaim.Core.Contracts;
using Eucaim.Core.Data;
using Eucaim.Core.Platform;
using Eucaim.Core.Storage;
using Microsoft.EntityFrameworkCore;

namespace Eucaim.Core.Ingest;

/// <summary>
/// Turns an upload whose every byte is recorded into a blob: commits the block list, checks the
/// whole-file SHA-256 against the declared one, and queues the ingest of a single-upload ingest.
/// Idempotent, so a completion interrupted by a crash is finished by the next PATCH (an empty
/// one at the final offset) or by completing the ingest session. The audit entry names the
/// upload's creator, whoever's request finished it.
/// </summary>
public sealed class CompleteUpload(UnitOfWork uow, BlobServiceClient blobs, UploadHashes hashes)
{
    /// <param name="hash">The running hash of the bytes this process received, when it covers them all.</param>
    /// <returns>The upload as it is now: complete, failed, or unchanged when it was not ready (or already completed).</returns>
    public async Task<Outcome<Upload>> RunAsync(Upload upload, RunningHash? hash, CancellationToken cancellationToken)
    {
        if (upload.State != UploadState.Receiving || upload.Offset != upload.Length)
        {
            return upload;
        }

        var blob = blobs.GetBlobContainerClient(BlobContainers.Quarantine).GetBlockBlobClient(upload.BlobName);
        await blob.CommitBlockListAsync(upload.BlockOffsets.Select(BlobLayout.Quarantine.BlockId), cancellationToken: cancellationToken);
        var sha256 = hash is not null && hash.Offset == upload.Length ? hash.Finish() : await HashBlobAsync(blob, cancellationToken);
        hash?.Dispose();
        hashes.Forget(upload.Id);

        var queued = false;
        var outcome = await uow.RunAsync<Upload>(async (scope, ct) =>
        {
            var current = await scope.Db.Uploads.SingleAsync(u => u.Id == upload.Id, ct);
            if (current.State != UploadState.Receiving)
            {
                return current;
            }

            var job = await scope.Db.IngestJobs.SingleAsync(j => j.Id == current.IngestId, ct);
            queued = IngestRules.Complete(current, job, sha256, scope.Now);
            if (current.State == UploadState.ChecksumMismatch)
            {
                // Nothing of it is ever ingested: its bytes leave quarantine now, not with the ingest.
                IngestBlobs.RecordUploadSweep(scope.Db, current, $"upload {current.Id} does not match its declared SHA-256", scope.Now);
                await BlobSweeps.NotifyAsync(scope.Db, current.Id, ct);
            }

            scope.Audit(IngestAudit.UploadCompleted(current));
            return current;
        }, cancellationToken);
        if (queued)
        {
            // After the commit: a worker woken earlier would not see the job yet.
            await IngestQueue.NotifyAsync(uow.Db, upload.IngestId, cancellationToken);
        }

        return outcome;
    }

    private static async Task<string> HashBlobAsync(BlockBlobClient blob, CancellationToken cancellationToken)
    {
        await using var content = await blob.OpenReadAsync(new BlobOpenReadOptions(allowModifications: false) { BufferSize = 8 * 1024 * 1024 }, cancellationToken);
        return Convert.ToHexStringLower(await SHA256.HashDataAsync(content, cancellationToken));
    }
}
