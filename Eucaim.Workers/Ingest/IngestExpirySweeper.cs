using Eucaim.Core.Data;
using Eucaim.Core.Ingest;
using Eucaim.Core.Storage;
using Eucaim.Workers.Platform;
using Microsoft.EntityFrameworkCore;

namespace Eucaim.Workers.Ingest;

/// <summary>
/// Two cleanups of ingest that nobody finished. The tus expiration extension's: an upload still
/// receiving after its <c>Upload-Expires</c> loses its row, and its staged blocks go with the blob
/// sweeper (a tombstone in the same transaction); an ingest that only held it goes too. The API
/// already answers 404 for it from the moment it expired. And sessions left open and idle for
/// <see cref="IngestOptions.OpenIngestExpiry"/> (<see cref="ExpireIdleIngests"/>).
/// One Workers replica sweeps at a time (the <see cref="LeaseNames.IngestExpirySweeper"/> lease).
/// </summary>
internal sealed class IngestExpirySweeper(
    IServiceScopeFactory scopes, IngestOptions options, Leadership leadership, TimeProvider clock, ILogger<IngestExpirySweeper> logger)
    : WorkerLoop(logger, clock, leadership.For(LeaseNames.IngestExpirySweeper))
{
    protected override TimeSpan Interval => options.ExpirySweepInterval;

    /// <summary>Removes up to 100 expired uploads and 100 idle sessions; the rest wait for the next sweep.</summary>
    protected override async Task<bool> RunOnceAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var uow = scope.ServiceProvider.GetRequiredService<UnitOfWork>();
        var now = Time.GetUtcNow();
        var expired = await uow.Db.Uploads.AsNoTracking().Where(u => u.State == UploadState.Receiving && u.ExpiresAt <= now)
            .OrderBy(u => u.ExpiresAt).Select(u => u.Id).Take(100).ToListAsync(cancellationToken);
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

        var sessions = await scope.ServiceProvider.GetRequiredService<ExpireIdleIngests>().RunAsync(options.OpenIngestExpiry, 100, cancellationToken);
        if (sessions > 0)
        {
            Logger.LogInformation("Removed {Sessions} ingest sessions left open with no upload for {Idle}.", sessions, options.OpenIngestExpiry);
        }

        return false;
    }
}
