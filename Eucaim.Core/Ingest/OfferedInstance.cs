using Eucaim.Dicom;

namespace Eucaim.Core.Ingest;

/// <summary>
/// One file offered to <see cref="InstanceStore.StoreBatchAsync"/>: its bytes (null when it was
/// refused before it could be read, with <paramref name="Refusal"/> saying why), a name for the
/// findings, the ingest file it came from (null for STOW-RS), the SHA-256 of the bytes when
/// the reader computed it on the way (so that they are not read once more only to hash them), and
/// the same bytes as the raw deflate stream an archive held them in, when they came from one (it
/// must inflate to <paramref name="Content"/> exactly: the reader inflated <paramref name="Content"/> from it).
/// </summary>
public sealed record OfferedInstance(
    ArraySegment<byte>? Content, string Source, (Guid JobId, Guid FileId)? File = null, IReadOnlyList<DicomFinding>? Refusal = null, string? Sha256 = null,
    byte[]? Deflated = null);

/// <summary>
/// How much is gathered before it is stored together: the index rows of a batch are written in one
/// transaction and its instances in one blob (a pack), so a round trip is paid per batch, not per instance.
/// Bounded by bytes too, so memory stays flat whatever the size of the request or archive.
/// </summary>
public static class IngestBatch
{
    public const int MaxInstances = 32;

    public const long MaxBytes = 16L * 1024 * 1024;

    public static bool IsFull(int count, long bytes) => count >= MaxInstances || bytes >= MaxBytes;
}
