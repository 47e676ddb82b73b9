using System.Text;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Eucaim.Core.Access;
using Eucaim.Core.Contracts;
using Eucaim.Core.Storage;

namespace Eucaim.Core.Audit;

/// <summary>
/// Signed checkpoints of the chain's head in blob storage (<see cref="BlobLayout.Audit"/>), outside
/// the database: one object per head, created with <c>If-None-Match: *</c> and never overwritten
/// (on Azure the container's immutability policy also refuses deletes), so deleting the newest
/// entries or restoring an older backup leaves a checkpoint that names more than the chain holds.
/// </summary>
public sealed class AuditCheckpoints(BlobServiceClient blobs, PlatformSigningKey signingKey)
{
    private BlobContainerClient Container => blobs.GetBlobContainerClient(BlobContainers.Audit);

    /// <summary>Signs and writes a checkpoint of <paramref name="seq"/>; false when one for that seq exists already.</summary>
    public async Task<bool> WriteAsync(AuditCheckpoint checkpoint, CancellationToken cancellationToken)
    {
        var (key, keyId) = await signingKey.LoadAsync(cancellationToken);
        var blob = Container.GetBlobClient(BlobLayout.Audit.Checkpoint(checkpoint.Seq));
        try
        {
            await blob.UploadAsync(BinaryData.FromString(checkpoint.Sign(key, keyId)), new BlobUploadOptions
            {
                Conditions = new BlobRequestConditions { IfNoneMatch = ETag.All },
                HttpHeaders = new BlobHttpHeaders { ContentType = "application/jose" },
            }, cancellationToken);
            return true;
        }
        catch (RequestFailedException ex) when (ex.Status is 409 or 412)
        {
            return false;
        }
    }

    /// <summary>The checkpoint with the highest seq, its signature checked; <c>Problem</c> says why the newest object could not be read.</summary>
    public async Task<LatestCheckpoint> LatestAsync(CancellationToken cancellationToken)
    {
        string? newest = null;
        await foreach (var item in Container.GetBlobsAsync(new GetBlobsOptions { Prefix = BlobLayout.Audit.CheckpointsPrefix }, cancellationToken))
        {
            // Listed in name order, and names are zero-padded sequence numbers: the last is the highest.
            newest = item.Name;
        }

        if (newest is null)
        {
            return new LatestCheckpoint(null, null, null);
        }

        var content = await Container.GetBlobClient(newest).DownloadContentAsync(cancellationToken);
        var (key, _) = await signingKey.LoadAsync(cancellationToken);
        var checkpoint = AuditCheckpoint.Read(Encoding.ASCII.GetString(content.Value.Content.ToArray()), key, out var problem);
        if (checkpoint is not null && BlobLayout.Audit.Checkpoint(checkpoint.Seq) != newest)
        {
            return new LatestCheckpoint(null, newest, $"its payload names seq {checkpoint.Seq}, not its object name");
        }

        return new LatestCheckpoint(checkpoint, newest, problem);
    }
}

/// <summary>The newest checkpoint (null when there is none or it does not verify), the object it came from, and what is wrong with it.</summary>
public sealed record LatestCheckpoint(AuditCheckpoint? Checkpoint, string? BlobName, string? Problem)
{
    /// <summary>The seq in the object's name, whether or not its content verifies.</summary>
    public long? NamedSeq => BlobName is { } name
        && long.TryParse(name.AsSpan(BlobLayout.Audit.CheckpointsPrefix.Length, 19), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var seq)
            ? seq : null;
}
