using System.IO.Compression;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;

namespace Eucaim.Core.Storage;

/// <summary>
/// Where one instance's bytes are in the <c>datasets</c> container, relative to its version's prefix:
/// a byte range of a pack (<see cref="Contracts.BlobLayout.Datasets.PackRelativePath"/>), or, for
/// instances stored before packs, a blob of its own at its path. In a pack, the range holds the
/// instance as it is (<see cref="Size"/> bytes) or, when <see cref="DeflatedSize"/> is set, as a raw
/// deflate stream of that many bytes, kept as the uploaded archive held it (see
/// <see cref="Ingest.DeflatedInstances"/>). Every reader of instance bytes (WADO-RS, staging
/// in the Workers and in the pod, the index backfill) goes through here and reads the instance itself.
/// </summary>
public sealed record InstanceBytes(string Path, string? Pack, long? PackOffset, long Size, long? DeflatedSize = null)
{
    /// <summary>The blob to read, relative to the version's prefix.</summary>
    public string Blob => Pack ?? Path;

    /// <summary>
    /// The range of <see cref="Blob"/> that holds the part [<paramref name="start"/>, <paramref name="start"/> + <paramref name="length"/>)
    /// of the instance: for a deflated instance its whole deflate stream, which is read from its start.
    /// </summary>
    public HttpRange Range(long start = 0, long? length = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(start);
        if (PackOffset is not { } offset)
        {
            return new HttpRange(start, length);
        }

        // Never past the instance's end into its neighbour in the pack.
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(start, Size);
        return DeflatedSize is { } deflated ? new HttpRange(offset, deflated) : new HttpRange(offset + start, Wanted(start, length));
    }

    /// <summary>Streams the part [<paramref name="start"/>, <paramref name="start"/> + <paramref name="length"/>) of the instance (by default all of it) from <paramref name="blob"/>, the client of <see cref="Blob"/>.</summary>
    public async Task<Stream> OpenAsync(BlobClient blob, long start = 0, long? length = null, CancellationToken cancellationToken = default)
    {
        var stored = (await blob.DownloadStreamingAsync(new BlobDownloadOptions { Range = Range(start, length) }, cancellationToken)).Value.Content;
        if (DeflatedSize is null)
        {
            return stored;
        }

        // A deflate stream cannot be entered half-way: inflate from its start and skip to the part asked for.
        return await StreamSlice.OpenAsync(new DeflateStream(stored, CompressionMode.Decompress), start, Wanted(start, length), cancellationToken);
    }

    private long Wanted(long start, long? length) => length is { } l ? Math.Min(l, Size - start) : Size - start;
}
