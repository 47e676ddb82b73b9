using Azure.Storage.Blobs;
using Eucaim.Core.Contracts;
using Eucaim.Core.Data;
using Eucaim.Core.Identity;
using Eucaim.Core.Jobs;
using Eucaim.Core.Storage;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Eucaim.Api.Jobs;

/// <summary>The files a job left in its output folder, now under <c>tenants/{slug}/jobs/{id}/output/</c>. Members only.</summary>
internal static class JobOutputsEndpoint
{
    public static async Task<Results<Ok<List<OutputFileResponse>>, ProblemHttpResult>> ListAsync(
        Guid id, HttpContext http, EucaimDbContext db, BlobServiceClient blobs, CancellationToken cancellationToken)
    {
        var job = await JobMembership.FindAsync(db, PlatformIdentity.From(http.User), id, tracking: false, cancellationToken);
        if (job is null)
        {
            return JobProblems.JobNotFound(id);
        }

        return TypedResults.Ok(await ListFilesAsync(blobs, job, cancellationToken));
    }

    public static async Task<List<OutputFileResponse>> ListFilesAsync(BlobServiceClient blobs, Job job, CancellationToken cancellationToken)
    {
        var prefix = BlobLayout.Tenants.JobOutputPrefix(job.TenantSlug, job.Id);
        var files = new List<OutputFileResponse>();
        await foreach (var blob in blobs.GetBlobContainerClient(BlobContainers.Tenants).GetBlobsAsync(Azure.Storage.Blobs.Models.BlobTraits.None, Azure.Storage.Blobs.Models.BlobStates.None, prefix, cancellationToken))
        {
            files.Add(new OutputFileResponse(blob.Name[prefix.Length..], blob.Properties.ContentLength ?? 0, blob.Properties.LastModified));
        }

        return files;
    }
}
