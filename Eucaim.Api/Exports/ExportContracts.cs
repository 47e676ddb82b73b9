using Eucaim.Core.Exports;
using Eucaim.Core.Exports.Screening;

namespace Eucaim.Api.Exports;

/// <summary>The body of <c>POST /api/exports</c>: output files of an ended job, and why they must leave the bubble.</summary>
public sealed record CreateExportRequest(Guid? JobId, List<string>? Files, string? Justification);

/// <summary>
/// A reviewer's decision. <c>overrideJustification</c> is needed to approve a request with blocking
/// findings, and says why they may leave anyway; it is kept with the request and audited.
/// </summary>
public sealed record ExportDecisionRequest(string? Decision, string? Note, string? OverrideJustification = null);

public sealed record ExportResponse(
    Guid Id,
    Guid JobId,
    string Tenant,
    List<string> Files,
    string Justification,
    string Status,
    List<ExportFindingResponse> Findings,
    bool HasBlockingFindings,
    string? OverrideJustification,
    string RequestedBy,
    DateTimeOffset RequestedAt,
    string? DecidedBy,
    DateTimeOffset? DecidedAt,
    string? DecisionNote,
    DateTimeOffset? PublishedAt)
{
    public static ExportResponse From(ExportRequest e) => new(e.Id, e.JobId, e.TenantSlug, e.Files, e.Justification, e.Status.ToString(),
        [.. e.Findings.Select(ExportFindingResponse.From)], e.Findings.Any(f => f.Severity == FindingSeverity.Blocking), e.OverrideJustification,
        e.RequestedBy, e.RequestedAt, e.DecidedBy, e.DecidedAt, e.DecisionNote, e.PublishedAt);
}

/// <summary>One finding of the airlock's screening: <c>severity</c> is <c>blocking</c> or <c>warning</c>.</summary>
public sealed record ExportFindingResponse(string File, string Code, string Severity, string Message, long? Line, long Count)
{
    public static ExportFindingResponse From(ExportFinding f) => new(f.File, f.Code, f.Severity.ToString().ToLowerInvariant(), f.Message, f.Line, f.Count);
}

public sealed record ExportLinkResponse(string Path, Uri Url, DateTimeOffset ExpiresAt)
{
    public static ExportLinkResponse From(IssueExportLinks.Link link) => new(link.Path, link.Url, link.ExpiresAt);
}

/// <summary>A requested file: <c>contentMd5</c> (base64) when the store keeps one, to check a download against.</summary>
public sealed record ExportFileResponse(string Path, long Size, string? ContentType, string? ContentMd5)
{
    public static ExportFileResponse From(ReadExportFiles.ExportFile f) => new(f.Path, f.Size, f.ContentType, f.ContentMd5);
}
