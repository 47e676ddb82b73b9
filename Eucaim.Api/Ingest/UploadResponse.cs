using Eucaim.Core.Ingest;

namespace Eucaim.Api.Ingest;

public sealed record UploadResponse(Guid Id, Guid IngestId, Guid DatasetId, string? FileName, string? OriginalFileName, long Length, long Offset, string State,
    string? Sha256, string? DeclaredSha256, string? FailureReason, DateTimeOffset CreatedAt, DateTimeOffset ExpiresAt, DateTimeOffset? CompletedAt)
{
    public static UploadResponse Of(Upload u) => new(u.Id, u.IngestId, u.DatasetId, u.FileName, u.OriginalFileName, u.Length, u.Offset,
        UploadStates.Name(u.State), u.Sha256, u.DeclaredSha256, u.FailureReason, u.CreatedAt, u.ExpiresAt, u.CompletedAt);
}
