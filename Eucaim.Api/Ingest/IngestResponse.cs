using System.Text.Json;
using Eucaim.Core.Ingest;

namespace Eucaim.Api.Ingest;

/// <summary>An ingest as its data holder follows it: state, progress (files done / total) and, once complete, the report.</summary>
public sealed record IngestResponse(
    Guid Id, Guid DatasetId, int Version, string State, bool IsSession, IngestProgressResponse Progress,
    IReadOnlyList<UploadResponse> Uploads, JsonElement? Report, string? FailureReason,
    DateTimeOffset CreatedAt, DateTimeOffset? QueuedAt, DateTimeOffset? StartedAt, DateTimeOffset? CompletedAt)
{
    public static IngestResponse Of(IngestJob job, IngestProgressResponse progress, IEnumerable<Upload> uploads) => new(
        job.Id, job.DatasetId, job.VersionNumber, job.State.ToString().ToLowerInvariant(), job.IsSession, progress,
        uploads.Select(UploadResponse.Of).ToList(),
        job.Report is null ? null : JsonDocument.Parse(job.Report).RootElement.Clone(),
        job.FailureReason, job.CreatedAt, job.QueuedAt, job.StartedAt, job.CompletedAt);
}

/// <summary>Files done (stored, duplicate or rejected) out of the total, known once the uploads are unpacked.</summary>
public sealed record IngestProgressResponse(string State, int? FilesTotal, int FilesDone, int Stored, int Duplicates, int Rejected);
