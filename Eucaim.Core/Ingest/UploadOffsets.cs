using Eucaim.Core.Platform;

namespace Eucaim.Core.Ingest;

/// <summary>What a tus PATCH at an offset may do with an upload, decided without a database.</summary>
public static class UploadOffsets
{
    /// <summary>An incomplete upload is gone once it expired; a complete one stays.</summary>
    public static bool IsExpired(Upload upload, DateTimeOffset now) => upload.State == UploadState.Receiving && upload.ExpiresAt <= now;

    public static long Remaining(Upload upload) => upload.Length - upload.Offset;

    /// <summary>
    /// A complete (or checksum-failed) upload takes nothing more: any chunk but an empty one at its
    /// final offset (the harmless repeat of a completing PATCH) is refused as such, not as too large
    /// or at the wrong offset. A chunk of unknown length (chunked transfer) counts as not empty.
    /// </summary>
    public static Problem? RefuseAfterCompletion(Upload upload, long offset, long? contentLength) =>
        upload.State != UploadState.Receiving && !(offset == upload.Offset && contentLength == 0)
            ? UploadProblems.AlreadyComplete(upload)
            : null;

    /// <summary>
    /// Before a byte of the body is read: a chunk at the right offset whose declared length is more
    /// than what remains of the upload is too large (a complete upload has nothing remaining).
    /// </summary>
    public static Problem? RefuseDeclaredChunk(Upload upload, long offset, long? contentLength)
    {
        var remaining = Remaining(upload);
        return contentLength is { } length && length > remaining && offset == upload.Offset
            ? UploadProblems.TooLarge(upload.Length, $"The chunk has {length} bytes but only {remaining} remain of Upload-Length {upload.Length}.")
            : null;
    }

    /// <summary>
    /// Once the upload is locked: a chunk must start exactly at the upload's offset (409 otherwise,
    /// naming the offset to resume from). True when bytes may be received; false when the upload no
    /// longer receives (complete), which answers with its offset and takes nothing.
    /// </summary>
    public static Outcome<bool> MayReceive(Upload upload, long offset) =>
        offset != upload.Offset ? UploadProblems.OffsetMismatch(upload.Offset) : upload.State == UploadState.Receiving;

    /// <summary>A chunk that turned out longer than the <paramref name="remaining"/> bytes it was allowed (no Content-Length, chunked transfer).</summary>
    public static Problem ChunkTooLong(Upload upload, long remaining) =>
        UploadProblems.TooLarge(upload.Length, $"The chunk is longer than the {remaining} bytes that remain.");
}
