using Azure.Storage.Blobs;
using Azure.Storage.Sas;
using Eucaim.Core.Jobs;
using Eucaim.Core.Storage;

namespace Eucaim.Core.Exports;

/// <summary>Short-lived, read-only links to single approved files in the <c>exports</c> container.</summary>
public sealed class ExportLinks(BlobServiceClient blobs, TimeProvider clock)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(15);

    public async Task<(Uri Url, DateTimeOffset ExpiresAt)> CreateAsync(string blobName, CancellationToken cancellationToken)
    {
        var blob = blobs.GetBlobContainerClient(BlobContainers.Exports).GetBlobClient(blobName);
        var now = clock.GetUtcNow();
        var expires = now + Lifetime;
        return (await BlobSas.ForBlobAsync(blobs, blob, BlobSasPermissions.Read, now, expires, cancellationToken), expires);
    }
}
