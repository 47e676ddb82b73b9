using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;

namespace Eucaim.Core.Storage;

/// <summary>
/// Where one instance's bytes are in the <c>datasets</c> container, relative to its version's prefix:
/// a byte range of a pack (<see cref="Contracts.BlobLayout.Datasets.PackRelativePath"/>), or, for
/// instances stored before packs, a blob of its own at its path. Every reader of instance bytes
/// (WADO-RS, staging in the Workers and in the pod, the index backfill) goes through here.
/// </summary>
public sealed record InstanceBytes(string Path, string? Pack, long? PackOffset, long Size)
{
    /// <summary>The blob to read, relative to the version's prefix.</summary>
    public string Blob => Pack ?? Path;

    /// <summary>The part [<paramref name="start"/>, <paramref name="start"/> + <paramref name="length"/>) of the instance as a range of <see cref="Blob"/>.</summary>
    public HttpRange Range(long start = 0, long? length = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(start);
        if (PackOffset is not { } offset)
        {
            return new HttpRange(start, length);
        }

        // Never past the instance's end into its neighbour in the pack.
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(start, Size);
        var available = Size - start;
        return new HttpRange(offset + start, length is { } l ? Math.Min(l, available) : available);
    }

    /// <summary>Streams the part of the instance asked for (by default all of it) from <paramref name="blob"/>, the client of <see cref="Blob"/>.</summary>
    public async Task<Stream> OpenAsync(BlobClient blob, long start = 0, long? length = null, CancellationToken cancellationToken = default) =>
        (await blob.DownloadStreamingAsync(new BlobDownloadOptions { Range = Range(start, length) }, cancellationToken)).Value.Content;
}
