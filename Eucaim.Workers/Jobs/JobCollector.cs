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
/// What happens when a job has ended. Its outputs go under the tenant's prefix in the <c>tenants</c>
/// container, each verified against the SHA-256 the pod recorded: for a job that completed this
/// happens before it may be called Succeeded (<see cref="CopyOutputsAsync"/>), for any other end
/// as far as they go. Then the rest of its log is read, the whole log goes to the <c>logs</c>
/// container and the backend's leftovers are removed. Every step overwrites what a previous,
/// interrupted attempt wrote, so it can simply run again.
/// </summary>
public sealed class JobCollector(BlobServiceClient blobs, IJobBackend backend, JobLogPump pump)
{
    public async Task<OutputsCopy> CopyOutputsAsync(Job job, CancellationToken cancellationToken)
    {
        var tenants = blobs.GetBlobContainerClient(BlobContainers.Tenants);
        var files = 0;
        try
        {
            await foreach (var file in backend.ReadOutputsAsync(job, cancellationToken))
            {
                if (!BlobLayout.IsSafeRelativePath(file.Path))
                {
                    continue;
                }

                var blob = tenants.GetBlobClient(BlobLayout.Tenants.JobOutput(job.TenantSlug, job.Id, file.Path));
                await using var content = new HashingStream(await file.OpenAsync(cancellationToken));
                await blob.UploadAsync(content, new BlobUploadOptions(), cancellationToken);
                if (file.Sha256 is { } expected && !string.Equals(content.Sha256(), expected, StringComparison.OrdinalIgnoreCase))
                {
                    await blob.DeleteIfExistsAsync(cancellationToken: cancellationToken);
                    return new OutputsCopy(files, $"{file.Path} arrived with sha256 {content.Sha256()}, but the job wrote {expected}.");
                }

                files++;
            }
        }
        catch (JobOutputsException ex)
        {
            return new OutputsCopy(files, ex.Message);
        }

        return new OutputsCopy(files, null);
    }

    public async Task CollectAsync(EucaimDbContext db, Job job, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (job.BackendHandle is not null)
        {
            await pump.DrainAsync(db, job, cancellationToken);
        }

        // A Succeeded job's outputs were copied and verified before it was called so.
        string? outputsProblem = null;
        if (job.BackendHandle is not null && job.Status != JobStatus.Succeeded)
        {
            var copy = await CopyOutputsAsync(job, cancellationToken);
            job.OutputFileCount = copy.Files;
            outputsProblem = copy.Problem;
        }

        var log = new StringBuilder();
        await foreach (var text in db.JobLogChunks.AsNoTracking().Where(c => c.JobId == job.Id).OrderBy(c => c.Sequence).Select(c => c.Text).AsAsyncEnumerable().WithCancellation(cancellationToken))
        {
            log.Append(text);
        }

        if (outputsProblem is not null)
        {
            log.Append(System.Globalization.CultureInfo.InvariantCulture, $"[eucaim] outputs: {job.OutputFileCount} file(s) kept; {outputsProblem}\n");
        }

        log.Append(System.Globalization.CultureInfo.InvariantCulture, $"[eucaim] job {job.Status}{(job.Reason is null ? "" : $": {job.Reason}")}{(job.ExitCode is { } code ? $" (exit code {code})" : "")}\n");
        var logBlob = blobs.GetBlobContainerClient(BlobContainers.Logs).GetBlobClient(BlobLayout.Logs.Job(job.TenantSlug, job.Id));
        await logBlob.UploadAsync(BinaryData.FromString(log.ToString()), new BlobUploadOptions { HttpHeaders = new BlobHttpHeaders { ContentType = "text/plain; charset=utf-8" } }, cancellationToken);

        if (job.BackendHandle is not null)
        {
            await backend.CleanupAsync(job, cancellationToken);
        }

        job.CollectedAt = now;
    }
}

/// <summary>How many output files reached the tenant's prefix verified, and what went wrong if not all did.</summary>
public readonly record struct OutputsCopy(int Files, string? Problem);
