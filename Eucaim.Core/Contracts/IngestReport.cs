using System.Text.Json;

namespace Eucaim.Core.Contracts;

/// <summary>
/// The report of a finished ingest: written once by the Workers' pipeline into <c>ingest_jobs.report</c>
/// and served as is by the Api (<c>GET /api/ingests/{id}</c>, the <c>completed</c> server-sent event).
/// Counts, findings by severity and code, the rejected files with their reasons, and the quality
/// summary of the instances stored. Member names are camelCase on the wire.
/// </summary>
public sealed record IngestReport(
    Guid IngestId,
    Guid DatasetId,
    int Version,
    IngestReportFiles Files,
    IReadOnlyDictionary<string, int> FindingsBySeverity,
    IReadOnlyList<IngestReportCodeCount> FindingsByCode,
    IReadOnlyList<IngestReportRejectedFile> RejectedFiles,
    IngestReportQuality Quality)
{
    /// <summary>At most this many rejected files are listed; the counts cover them all.</summary>
    public const int MaxListedFiles = 1000;

    public string ToJson() => JsonSerializer.Serialize(this, JsonSerializerOptions.Web);

    /// <exception cref="InvalidDataException">The document is not an ingest report.</exception>
    public static IngestReport Parse(string json)
    {
        try
        {
            return JsonSerializer.Deserialize<IngestReport>(json, JsonSerializerOptions.Web)
                ?? throw new InvalidDataException("Not an ingest report: the document is empty.");
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException($"Not an ingest report: {ex.Message}", ex);
        }
    }
}

public sealed record IngestReportFiles(int Total, int Stored, int Duplicates, int Rejected);

public sealed record IngestReportCodeCount(string Code, string Severity, int Count);

public sealed record IngestReportRejectedFile(string Name, IReadOnlyList<IngestReportFinding> Findings);

/// <summary>One finding: a code, a severity (<c>error</c>, <c>warning</c>, <c>info</c>), the tag it concerns, and what it means.</summary>
public sealed record IngestReportFinding(string Code, string Severity, string? Tag, string Message);

public sealed record IngestReportQuality(
    int Instances,
    IReadOnlyDictionary<string, int> Modalities,
    IReadOnlyList<IngestReportSeries> Series,
    IReadOnlyList<IngestReportFinding> Findings);

public sealed record IngestReportSeries(
    string SeriesInstanceUid,
    string? StudyInstanceUid,
    string? Modality,
    int Instances,
    bool Complete,
    IReadOnlyList<int> MissingInstanceNumbers,
    IReadOnlyList<int> DuplicateInstanceNumbers,
    IngestReportSliceSpacing? SliceSpacing,
    IReadOnlyDictionary<string, int> ImageSizes);

public sealed record IngestReportSliceSpacing(double Minimum, double Maximum, double Median, bool Consistent);
