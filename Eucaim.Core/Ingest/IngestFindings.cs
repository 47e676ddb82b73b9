using System.Text.Json;
using Eucaim.Core.Contracts;
using Eucaim.Dicom;

namespace Eucaim.Core.Ingest;

/// <summary>Findings as stored in <c>ingest_files.findings</c> and shown in the report.</summary>
public static class IngestFindings
{
    public const string NotDicom = "NotDicom";
    public const string InvalidUid = "InvalidUid";
    public const string DuplicateSopInstanceUid = "DuplicateSopInstanceUid";
    public const string VersionNotDraft = "VersionNotDraft";
    public const string UnsafeArchive = "UnsafeArchive";
    public const string FileTooLarge = "FileTooLarge";
    public const string DeidentificationFailed = "DeidentificationFailed";

    public static DicomFinding Error(string code, string message) => new(code, DicomFindingSeverity.Error, null, message);

    public static string ToJson(IEnumerable<DicomFinding> findings) =>
        JsonSerializer.Serialize(findings.Select(View).ToArray());

    public static IngestReportFinding View(DicomFinding f) =>
        new(f.Code, f.Severity.ToString().ToLowerInvariant(), f.Tag?.ToString(), f.Message);

    /// <summary>Reads what <see cref="ToJson"/> stored.</summary>
    public static IngestReportFinding[] Parse(string? json) =>
        json is null ? [] : JsonSerializer.Deserialize<IngestReportFinding[]>(json, JsonSerializerOptions.Web) ?? [];
}
