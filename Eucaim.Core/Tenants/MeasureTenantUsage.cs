using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Eucaim.Core.Identity;
using Eucaim.Core.Platform;
using Eucaim.Core.Storage;

namespace Eucaim.Core.Tenants;

/// <summary>
/// A tenant's usage: the bytes under its storage prefix against its storage quota. Compute usage
/// (running jobs, GPUs held) joins this answer when jobs exist.
/// </summary>
public sealed class MeasureTenantUsage(FindTenants tenants, BlobServiceClient blobs)
{
    public sealed record Usage(Tenant Tenant, long StorageBytes, long StorageQuotaBytes, int StorageObjects);

    public async Task<Outcome<Usage>> RunAsync(Actor actor, string key, CancellationToken cancellationToken)
    {
        var found = await tenants.RunAsync(actor, key, cancellationToken);
        if (!found.Succeeded)
        {
            return found.Problem;
        }

        var row = found.Value;
        long bytes = 0;
        var objects = 0;
        var container = blobs.GetBlobContainerClient(BlobContainers.Tenants);
        await foreach (var blob in container.GetBlobsAsync(BlobTraits.None, BlobStates.None, TenantRules.StoragePrefix(row.Slug), cancellationToken))
        {
            bytes += blob.Properties.ContentLength ?? 0;
            objects++;
        }

        return new Usage(row, bytes, row.Quota.StorageGib * 1024L * 1024 * 1024, objects);
    }
}
