using System.Text;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Eucaim.Core.Contracts;
using Eucaim.Core.Data;
using Eucaim.Core.Jobs;
using Eucaim.Core.Storage;
using Microsoft.EntityFrameworkCore;

namespace Eucaim.Workers.Jobs;

/// <summary>
/// What happens when a job has ended, whatever the way (succeeded, failed, cancelled, timed out):
/// the rest of its log is read, the whole log goes to the <c>logs</c> container, its outputs go under
/// the tenant's prefix in the <c>tenants</c> container, and the backend's leftovers are removed.
/// Every step overwrites what a previous, interrupted attempt wrote, so it can simply run again.
/// </summary>
public sealed class JobCollector(BlobServiceClient blobs, IJobBackend backend, JobLogPump pump)
{
    public async Task CollectAsync(EucaimDbContext db, Job job, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (job.BackendHandle is not null)
        {
            await pump.DrainAsync(db, job, cancellationToken);
        }

        var log = new StringBuilder();
        await foreach (var text in db.JobLogChunks.AsNoTracking().Where(c => c.JobId == job.Id).OrderBy(c => c.Sequence).Select(c => c.Text).AsAsyncEnumerable().WithCancellation(cancellationToken))
        {
            log.Append(text);
        }

        log.Append(System.Globalization.CultureInfo.InvariantCulture, $"[eucaim] job {job.Status}{(job.Reason is null ? "" : $": {job.Reason}")}{(job.ExitCode is { } code ? $" (exit code {code})" : "")}\n");
        var logBlob = blobs.GetBlobContainerClient(BlobContainers.Logs).GetBlobClient(BlobLayout.Logs.Job(job.TenantSlug, job.Id));
        await logBlob.UploadAsync(BinaryData.FromString(log.ToString()), new BlobUploadOptions { HttpHeaders = new BlobHttpHeaders { ContentType = "text/plain; charset=utf-8" } }, cancellationToken);

        var outputs = 0;
        if (job.BackendHandle is not null)
        {
            var tenants = blobs.GetBlobContainerClient(BlobContainers.Tenants);
            await foreach (var file in backend.ReadOutputsAsync(job, cancellationToken))
            {
                if (!BlobLayout.IsSafeRelativePath(file.Path))
                {
                    continue;
                }

                await using var content = await file.OpenAsync(cancellationToken);
                await tenants.GetBlobClient(BlobLayout.Tenants.JobOutput(job.TenantSlug, job.Id, file.Path)).UploadAsync(content, overwrite: true, cancellationToken);
                outputs++;
            }

            await backend.CleanupAsync(job, cancellationToken);
        }

        job.OutputFileCount = outputs;
        job.CollectedAt = now;
    }
}
