using Eucaim.Core.Contracts;

namespace Eucaim.Core.Ingest;

/// <summary>
/// A tus upload into the quarantine container: bytes are staged as blocks of the blob
/// <see cref="BlobName"/> and become visible only when the last chunk commits the block list.
/// </summary>
public sealed class Upload
{
    public Guid Id { get; set; }

    /// <summary>The ingest this upload feeds; an upload created without one gets its own.</summary>
    public Guid IngestId { get; set; }

    public Guid DatasetId { get; set; }

    public required string OrganizationKey { get; set; }

    /// <summary>Length the client declared at creation (tus <c>Upload-Length</c>).</summary>
    public long Length { get; set; }

    /// <summary>Bytes received and staged (tus <c>Upload-Offset</c>).</summary>
    public long Offset { get; set; }

    /// <summary>Start offsets of the staged blocks, in order; each block's id derives from its offset.</summary>
    public List<long> BlockOffsets { get; set; } = [];

    /// <summary>The name shown and used (<see cref="UploadFileName"/>): a base name without control characters.</summary>
    public string? FileName { get; set; }

    /// <summary>The <c>filename</c> exactly as the client sent it; only ever shown JSON-encoded, never used in a path.</summary>
    public string? OriginalFileName { get; set; }

    /// <summary>The raw tus <c>Upload-Metadata</c> header, echoed on HEAD.</summary>
    public string? Metadata { get; set; }

    /// <summary>SHA-256 of the whole upload declared by the client (lowercase hex), checked on completion.</summary>
    public string? DeclaredSha256 { get; set; }

    /// <summary>SHA-256 computed by the server over the committed blob.</summary>
    public string? Sha256 { get; set; }

    public UploadState State { get; set; }

    public string? FailureReason { get; set; }

    public string? IdempotencyKey { get; set; }

    public required string CreatedBy { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>After this, an incomplete upload is gone (tus expiration extension); moves with each chunk.</summary>
    public DateTimeOffset ExpiresAt { get; set; }

    public DateTimeOffset? CompletedAt { get; set; }

    public string BlobName => BlobLayout.Quarantine.Upload(DatasetId, Id);
}
