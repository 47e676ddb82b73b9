using Azure.Storage.Blobs;
using Azure.Storage.Sas;

namespace Eucaim.Core.Jobs;

/// <summary>
/// A SAS for exactly one blob with exactly the permissions given: a shared-key SAS where the account
/// key is configured (Azurite, key-based accounts), otherwise a user-delegation SAS signed with the
/// service's Entra identity. Used for dataset staging (read), output upload (create/write) and
/// export downloads (read).
/// </summary>
public static class BlobSas
{
    public static async Task<Uri> ForBlobAsync(BlobServiceClient service, BlobClient blob, BlobSasPermissions permissions, DateTimeOffset now, DateTimeOffset expires, CancellationToken cancellationToken)
    {
        var sas = new BlobSasBuilder(permissions, expires)
        {
            BlobContainerName = blob.BlobContainerName,
            BlobName = blob.Name,
            Resource = "b",
            StartsOn = now.AddMinutes(-1),
            Protocol = blob.Uri.Scheme == Uri.UriSchemeHttps ? SasProtocol.Https : SasProtocol.HttpsAndHttp,
        };
        if (blob.CanGenerateSasUri)
        {
            return blob.GenerateSasUri(sas);
        }

        var key = await service.GetUserDelegationKeyAsync(now.AddMinutes(-1), expires, cancellationToken);
        return new BlobUriBuilder(blob.Uri) { Sas = sas.ToSasQueryParameters(key.Value, service.AccountName) }.ToUri();
    }
}
