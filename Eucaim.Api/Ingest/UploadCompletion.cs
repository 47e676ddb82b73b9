using System.Security.Cryptography;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Specialized;
using Eucaim.Core.Audit;
using Eucaim.Core.Contracts;
using Eucaim.Core.Data;
using Eucaim.Core.Ingest;
using Eucaim.Core.Storage;
using Microsoft.EntityFrameworkCore;

namespace Eucaim.Api.Ingest;

/// <summary>
/// Turns an upload whose every byte is recorded into a blob: commits the block list, checks the
/// whole-file SHA-256 against the declared one, and queues the ingest of a single-upload ingest.
/// Idempotent, so a completion interrupted by a crash is finished by the next PATCH (an empty
/// one at the final offset) or by completing the ingest session.
/// </summary>
internal sealed class UploadCompletion(EucaimDbContext db, BlobServiceClient blobs, UploadHashes hashes, TimeProvider clock)
{
    public async Task CompleteAsync(Upload upload, RunningHash? hash, CancellationToken cancellationToken)
    {
        if (upload.State != UploadState.Receiving || upload.Offset != upload.Length)
        {
            return;
        }

        var blob = blobs.GetBlobContainerClient(BlobContainers.Quarantine).GetBlockBlobClient(upload.BlobName);
        await blob.CommitBlockListAsync(upload.BlockOffsets.Select(BlobLayout.Quarantine.BlockId), cancellationToken: cancellationToken);
        var sha256 = hash is not null && hash.Offset == upload.Length ? hash.Finish() : await HashBlobAsync(blob, cancellationToken);
        hash?.Dispose();
        hashes.Forget(upload.Id);

        var now = clock.GetUtcNow();
        upload.Sha256 = sha256;
        upload.CompletedAt = now;
        if (upload.DeclaredSha256 is { } declared && declared != sha256)
        {
            upload.State = UploadState.ChecksumMismatch;
            upload.FailureReason = $"The uploaded bytes hash to {sha256}, not to the declared {declared}.";
        }
        else
        {
            upload.State = UploadState.Complete;
        }

        var job = await db.IngestJobs.SingleAsync(j => j.Id == upload.IngestId, cancellationToken);
        var queued = false;
        if (!job.IsSession && job.State == IngestState.Open)
        {
            if (upload.State == UploadState.Complete)
            {
                IngestSessions.Queue(job, now);
                queued = true;
            }
            else
            {
                job.State = IngestState.Failed;
                job.FailureReason = upload.FailureReason;
                job.CompletedAt = now;
            }
        }

        await db.SaveChangesWithAuditAsync([IngestAudit.UploadCompleted(upload)], cancellationToken);
        if (queued)
        {
            // After the commit: a worker woken earlier would not see the job yet.
            await IngestQueue.NotifyAsync(db, job.Id, cancellationToken);
        }
    }

    private static async Task<string> HashBlobAsync(BlockBlobClient blob, CancellationToken cancellationToken)
    {
        await using var content = await blob.OpenReadAsync(new Azure.Storage.Blobs.Models.BlobOpenReadOptions(allowModifications: false) { BufferSize = 8 * 1024 * 1024 }, cancellationToken);
        return Convert.ToHexStringLower(await SHA256.HashDataAsync(content, cancellationToken));
    }
}
