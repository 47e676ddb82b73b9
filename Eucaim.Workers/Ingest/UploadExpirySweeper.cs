using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Specialized;
using Eucaim.Core.Data;
using Eucaim.Core.Ingest;
using Eucaim.Core.Storage;
using Eucaim.Workers.Platform;
using Microsoft.EntityFrameworkCore;

namespace Eucaim.Workers.Ingest;

/// <summary>
/// The tus expiration extension's cleanup: an upload still receiving after its <c>Upload-Expires</c>
/// loses its staged blocks (an empty block list is committed, then the blob deleted) and its row;
/// an ingest that only held it goes too. The API already answers 404 for it from the moment it expired.
/// One Workers replica sweeps at a time (the <see cref="LeaseNames.UploadExpirySweeper"/> lease).
/// </summary>
internal sealed class UploadExpirySweeper(
    IServiceScopeFactory scopes, BlobServiceClient blobs, IngestOptions options, Leadership leadership, TimeProvider clock, ILogger<UploadExpirySweeper> logger)
    : WorkerLoop(logger, clock, leadership.For(LeaseNames.UploadExpirySweeper))
{
    protected override TimeSpan Interval => options.ExpirySweepInterval;

    /// <summary>Removes up to 100 expired uploads; the rest wait for the next sweep.</summary>
    protected override async Task<bool> RunOnceAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<EucaimDbContext>();
        var now = Time.GetUtcNow();
        var expired = await db.Uploads.Where(u => u.State == UploadState.Receiving && u.ExpiresAt <= now).Take(100).ToListAsync(cancellationToken);
        foreach (var upload in expired)
        {
            var blob = blobs.GetBlobContainerClient(BlobContainers.Quarantine).GetBlockBlobClient(upload.BlobName);
            await blob.CommitBlockListAsync([], cancellationToken: cancellationToken);
            await blob.DeleteIfExistsAsync(cancellationToken: cancellationToken);
            db.Uploads.Remove(upload);
            var job = await db.IngestJobs.SingleOrDefaultAsync(j => j.Id == upload.IngestId, cancellationToken);
            if (job is { IsSession: false, State: IngestState.Open })
            {
                db.IngestJobs.Remove(job);
            }

            await db.SaveChangesAsync(cancellationToken);
            Logger.LogInformation("Removed expired upload {Upload} ({Offset} of {Length} bytes received).", upload.Id, upload.Offset, upload.Length);
        }

        return false;
    }
}
