using Azure.Storage.Blobs;

namespace Eucaim.Core.Storage;

/// <summary>Creates the platform's containers; idempotent, run by the migrations step.</summary>
public sealed class BlobContainerInitializer(BlobServiceClient blobs)
{
    public async Task EnsureContainersAsync(CancellationToken cancellationToken)
    {
        foreach (var name in BlobContainers.All)
        {
            await blobs.GetBlobContainerClient(name).CreateIfNotExistsAsync(cancellationToken: cancellationToken);
        }
    }
}
