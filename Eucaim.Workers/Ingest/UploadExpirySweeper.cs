using Eucaim.Core.Data;
using Eucaim.Core.Ingest;
using Eucaim.Core.Storage;
using Eucaim.Workers.Platform;
using Microsoft.EntityFrameworkCore;

namespace Eucaim.Workers.Ingest;

/// <summary>
/// The tus expiration extension's cleanup: an upload still receiving after its <c>Upload-Expires</c>
/// loses its row, and its staged blocks go with the blob sweeper (a tombstone in the same
/// transaction); an ingest that only held it goes too. The API already answers 404 for it from the moment it expired.
/// One Workers replica sweeps at a time (the <see cref="LeaseNames.UploadExpirySweeper"/> lease).
/// </summary>
internal sealed class UploadExpirySweeper(
    IServiceScopeFactory scopes, IngestOptions options, Leadership leadership, TimeProvider clock, ILogger<UploadExpirySweeper> logger)
    : WorkerLoop(logger, clock, leadership.For(LeaseNames.UploadExpirySweeper))
{
    protected override TimeSpan Interval => options.ExpirySweepInterval;

    /// <summary>Removes up to 100 expired uploads; the rest wait for the next sweep.</summary>
    protected override async Task<bool> RunOnceAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var uow = scope.ServiceProvider.GetRequiredService<UnitOfWork>();
        var now = Time.GetUtcNow();
        var expired = await uow.Db.Uploads.AsNoTracking().Where(u => u.State == UploadState.Receiving && u.ExpiresAt <= now)
            .Select(u => u.Id).Take(100).ToListAsync(cancellationToken);
        foreach (var id in expired)
        {
            await uow.CommitAsync(async (unit, ct) =>
            {
                var upload = await unit.Db.Uploads.SingleOrDefaultAsync(u => u.Id == id && u.State == UploadState.Receiving && u.ExpiresAt <= now, ct);
                if (upload is null)
                {
                    // Completed or terminated meanwhile.
                    return;
                }

                IngestBlobs.RecordUploadSweep(unit.Db, upload, $"upload {upload.Id} expired", unit.Now);
                await BlobSweeps.NotifyAsync(unit.Db, upload.Id, ct);
                unit.Db.Uploads.Remove(upload);
                var job = await unit.Db.IngestJobs.SingleOrDefaultAsync(j => j.Id == upload.IngestId, ct);
                if (job is { IsSession: false, State: IngestState.Open })
                {
                    unit.Db.IngestJobs.Remove(job);
                }

                Logger.LogInformation("Removed expired upload {Upload} ({Offset} of {Length} bytes received).", upload.Id, upload.Offset, upload.Length);
            }, cancellationToken);
        }

        return false;
    }
}
