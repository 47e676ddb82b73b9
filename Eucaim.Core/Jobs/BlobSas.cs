using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
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
    public static async Task<Uri> ForBlobAsync(BlobServiceClient service, BlobClient blob, BlobSasPermissions permissions, DateTimeOffset now, DateTimeOffset expires, CancellationToken cancellationToken) =>
        (await SignerAsync(service, now, expires, cancellationToken)).Sign(blob, permissions, expires);

    /// <summary>
    /// A signer for many blobs whose links expire by <paramref name="latestExpiry"/>: without an account
    /// key it fetches one user delegation key for all of them, not one per blob.
    /// </summary>
    public static async Task<Signer> SignerAsync(BlobServiceClient service, DateTimeOffset now, DateTimeOffset latestExpiry, CancellationToken cancellationToken)
    {
        if (service.CanGenerateAccountSasUri)
        {
            return new Signer(service.AccountName, now, null);
        }

        var key = await service.GetUserDelegationKeyAsync(now.AddMinutes(-1), latestExpiry, cancellationToken);
        return new Signer(service.AccountName, now, key.Value);
    }

    public sealed class Signer(string accountName, DateTimeOffset now, UserDelegationKey? key)
    {
        public Uri Sign(BlobClient blob, BlobSasPermissions permissions, DateTimeOffset expires)
        {
            var sas = new BlobSasBuilder(permissions, expires)
            {
                BlobContainerName = blob.BlobContainerName,
                BlobName = blob.Name,
                Resource = "b",
                StartsOn = now.AddMinutes(-1),
                Protocol = blob.Uri.Scheme == Uri.UriSchemeHttps ? SasProtocol.Https : SasProtocol.HttpsAndHttp,
            };
            return key is null ? blob.GenerateSasUri(sas) : new BlobUriBuilder(blob.Uri) { Sas = sas.ToSasQueryParameters(key, accountName) }.ToUri();
        }
    }
}
