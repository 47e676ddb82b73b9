using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Eucaim.Core.Contracts;
using Eucaim.Core.Data;
using Eucaim.Core.Storage;
using Microsoft.EntityFrameworkCore;

namespace Eucaim.Core.Ingest;

/// <summary>A pack written and not yet referenced by the index: its path relative to the version, each instance's offset in it, and the tombstone that deletes it unless claimed.</summary>
internal sealed record PendingPack(string RelativePath, IReadOnlyList<long> Offsets, Guid Tombstone);

/// <summary>
/// Writes the instances of a stored batch as one blob, a pack (<see cref="BlobLayout.Datasets.PackRelativePath"/>):
/// one blob write for the batch instead of one an instance, read back by range. Crash safety: a
/// tombstone (<see cref="Storage.BlobSweep"/>) due after <see cref="Grace"/> is committed before the pack is
/// written, and the transaction that indexes the pack's instances takes it back (<see cref="ClaimAsync"/>);
/// a process killed in between leaves a pack no row points to, which the sweeper deletes once the tombstone is due.
/// </summary>
internal static class DatasetPacks
{
    /// <summary>How long a written pack may wait for its index rows before the sweeper may take it.</summary>
    public static readonly TimeSpan Grace = TimeSpan.FromHours(1);

    /// <summary>A tombstone due sooner than this is not claimed: the sweeper might be deleting the pack already.</summary>
    public static readonly TimeSpan ClaimMargin = TimeSpan.FromMinutes(10);

    public static async Task<PendingPack> WriteAsync(
        EucaimDbContext db, BlobServiceClient blobs, Guid datasetId, int version, IReadOnlyList<ArraySegment<byte>> contents, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var relative = BlobLayout.Datasets.PackRelativePath(Guid.CreateVersion7(now));
        var name = BlobLayout.Datasets.File(datasetId, version, relative);
        var tombstone = await BlobSweeps.RecordAheadAsync(db, BlobContainers.Datasets, name, "a pack whose instances were never indexed", now, now + Grace, cancellationToken);

        var offsets = new long[contents.Count];
        for (var i = 1; i < contents.Count; i++)
        {
            offsets[i] = offsets[i - 1] + contents[i - 1].Count;
        }

        await using var pack = new ConcatenatedStream(contents);
        await blobs.GetBlobContainerClient(BlobContainers.Datasets).GetBlobClient(name).UploadAsync(pack, new BlobUploadOptions
        {
            // A new name every time: a retry after a crash writes a new pack, never over one that may be in use.
            Conditions = new BlobRequestConditions { IfNoneMatch = ETag.All },
            HttpHeaders = new BlobHttpHeaders { ContentType = "application/octet-stream" },
        }, cancellationToken);
        return new PendingPack(relative, offsets, tombstone);
    }

    /// <summary>In the transaction that indexes the pack's instances: takes the tombstone back. False when it is too late to keep the pack.</summary>
    public static async Task<bool> ClaimAsync(EucaimDbContext db, PendingPack pack, DateTimeOffset now, CancellationToken cancellationToken) =>
        await db.Database.ExecuteSqlAsync($"DELETE FROM blob_sweeps WHERE id = {pack.Tombstone} AND due_at > {now + ClaimMargin}", cancellationToken) == 1;

    /// <summary>Nothing of the pack was indexed (every instance stored meanwhile by another request): the sweeper takes it now.</summary>
    public static Task AbandonAsync(EucaimDbContext db, PendingPack pack, DateTimeOffset now, CancellationToken cancellationToken) =>
        db.Database.ExecuteSqlAsync($"UPDATE blob_sweeps SET due_at = {now} WHERE id = {pack.Tombstone}", cancellationToken);
}
