using Azure.Storage.Blobs;
using Azure.Storage.Sas;
using Eucaim.Core.Storage;

namespace Eucaim.Api.Airlock;

/// <summary>
/// Short-lived, read-only links to single approved files in the <c>exports</c> container: a shared-key
/// SAS where the account key is configured (Azurite, key-based accounts), otherwise a user-delegation
/// SAS signed with the service's Entra identity.
/// </summary>
internal sealed class ExportLinks(BlobServiceClient blobs, TimeProvider clock)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(15);

    public async Task<(Uri Url, DateTimeOffset ExpiresAt)> CreateAsync(string blobName, CancellationToken cancellationToken)
    {
        var blob = blobs.GetBlobContainerClient(BlobContainers.Exports).GetBlobClient(blobName);
        var now = clock.GetUtcNow();
        var expires = now + Lifetime;
        var sas = new BlobSasBuilder(BlobSasPermissions.Read, expires)
        {
            BlobContainerName = blob.BlobContainerName,
            BlobName = blob.Name,
            Resource = "b",
            StartsOn = now.AddMinutes(-1),
            Protocol = blob.Uri.Scheme == Uri.UriSchemeHttps ? SasProtocol.Https : SasProtocol.HttpsAndHttp,
        };
        if (blob.CanGenerateSasUri)
        {
            return (blob.GenerateSasUri(sas), expires);
        }

        var key = await blobs.GetUserDelegationKeyAsync(now.AddMinutes(-1), expires, cancellationToken);
        var uri = new BlobUriBuilder(blob.Uri) { Sas = sas.ToSasQueryParameters(key.Value, blobs.AccountName) };
        return (uri.ToUri(), expires);
    }
}
