using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Eucaim.Core.Contracts;
using Eucaim.Core.Identity;
using Eucaim.Core.Platform;
using Eucaim.Core.Storage;

namespace Eucaim.Core.Jobs;

/// <summary>The files a job left in its output folder, now under <c>tenants/{slug}/jobs/{id}/output/</c>. Members only.</summary>
public sealed class ListJobOutputs(GetJob jobs, BlobServiceClient blobs)
{
    /// <summary>One output file: its path relative to the output folder.</summary>
    public sealed record OutputFile(string Path, long Size, DateTimeOffset? StoredAt);

    public async Task<Outcome<List<OutputFile>>> RunAsync(Actor actor, Guid id, CancellationToken cancellationToken)
    {
        var found = await jobs.RunAsync(actor, id, cancellationToken, withPlace: false);
        if (!found.Succeeded)
        {
            return found.Problem;
        }

        return await ListAsync(found.Value.Job, cancellationToken);
    }

    /// <summary>The output files of <paramref name="job"/> (the caller has checked membership).</summary>
    public async Task<List<OutputFile>> ListAsync(Job job, CancellationToken cancellationToken)
    {
        var prefix = BlobLayout.Tenants.JobOutputPrefix(job.TenantSlug, job.Id);
        var files = new List<OutputFile>();
        await foreach (var blob in blobs.GetBlobContainerClient(BlobContainers.Tenants).GetBlobsAsync(BlobTraits.None, BlobStates.None, prefix, cancellationToken))
        {
            files.Add(new OutputFile(blob.Name[prefix.Length..], blob.Properties.ContentLength ?? 0, blob.Properties.LastModified));
        }

        return files;
    }
}
