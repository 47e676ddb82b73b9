using Azure.Storage.Blobs;
using Eucaim.Core.Data;
using Eucaim.Core.Identity;
using Eucaim.Core.Storage;
using Eucaim.Core.Tenants;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Eucaim.Api.Tenants;

/// <summary>
/// A tenant's usage: the bytes under its storage prefix against its storage quota. Compute usage
/// (running jobs, GPUs held) joins this answer when jobs exist.
/// </summary>
internal static class TenantUsage
{
    public static async Task<Results<Ok<TenantUsageResponse>, ProblemHttpResult>> GetAsync(
        string tenant, HttpContext http, EucaimDbContext db, BlobServiceClient blobs, CancellationToken cancellationToken)
    {
        var row = await TenantLookup.FindVisibleAsync(db, PlatformIdentity.From(http.User), tenant, tracking: false, cancellationToken);
        if (row is null)
        {
            return TenantProblems.TenantNotFound(tenant);
        }

        long bytes = 0;
        var objects = 0;
        var container = blobs.GetBlobContainerClient(BlobContainers.Tenants);
        await foreach (var blob in container.GetBlobsAsync(Azure.Storage.Blobs.Models.BlobTraits.None, Azure.Storage.Blobs.Models.BlobStates.None, TenantRules.StoragePrefix(row.Slug), cancellationToken))
        {
            bytes += blob.Properties.ContentLength ?? 0;
            objects++;
        }

        return TypedResults.Ok(new TenantUsageResponse(row.Slug, QuotaDto.From(row.Quota), bytes, row.Quota.StorageGib * 1024L * 1024 * 1024, objects));
    }
}
