namespace Eucaim.Web.Holdings;

/// <summary><c>GET /api/ingests/{id}</c>: state, progress, the uploads it came from and, once complete, the report.</summary>
public sealed record IngestView(
    Guid Id, Guid DatasetId, int Version, string State, IngestProgressView Progress, IReadOnlyList<UploadView> Uploads,
    IngestReportView? Report, string? FailureReason, DateTimeOffset CreatedAt, DateTimeOffset? CompletedAt)
{
    public bool IsFinal => State is "completed" or "failed";
}

public sealed record IngestProgressView(string State, int? FilesTotal, int FilesDone, int Stored, int Duplicates, int Rejected)
{
    /// <summary>Percent of files done, when the total is known (once the uploads are unpacked).</summary>
    public int? Percent => FilesTotal is > 0 and var total ? (int)(100L * FilesDone / total) : null;
}

public sealed record UploadView(Guid Id, string? FileName, long Length, long Offset, string State, string? FailureReason);

public sealed record IngestReportView(
    IngestReportFilesView Files,
    IReadOnlyDictionary<string, int> FindingsBySeverity,
    IReadOnlyList<FindingCountView> FindingsByCode,
    IReadOnlyList<RejectedFileView> RejectedFiles,
    IngestQualityView Quality);

public sealed record IngestReportFilesView(int Total, int Stored, int Duplicates, int Rejected);

public sealed record FindingCountView(string Code, string Severity, int Count);

public sealed record RejectedFileView(string Name, IReadOnlyList<FindingView> Findings);

public sealed record FindingView(string Code, string Severity, string? Tag, string Message);

public sealed record IngestQualityView(int Instances, IReadOnlyDictionary<string, int> Modalities, IReadOnlyList<SeriesSummaryView> Series, IReadOnlyList<FindingView> Findings);

public sealed record SeriesSummaryView(
    string SeriesInstanceUid, string? StudyInstanceUid, string? Modality, int Instances, bool Complete,
    IReadOnlyList<int> MissingInstanceNumbers, IReadOnlyList<int> DuplicateInstanceNumbers, SliceSpacingView? SliceSpacing,
    IReadOnlyDictionary<string, int> ImageSizes);

public sealed record SliceSpacingView(double Minimum, double Maximum, double Median, bool Consistent);

/// <summary>Severities from the most to the least serious, as the report is read.</summary>
public static class Severities
{
    private static readonly string[] Ordered = ["error", "warning", "info"];

    public static IEnumerable<KeyValuePair<string, int>> InOrder(IReadOnlyDictionary<string, int> counts) =>
        counts.OrderBy(c => Array.IndexOf(Ordered, c.Key) is var i and >= 0 ? i : Ordered.Length).ThenBy(c => c.Key, StringComparer.Ordinal);
}
