using Eucaim.Core.Exports;

namespace Eucaim.Api.Exports;

/// <summary>The body of <c>POST /api/exports</c>: output files of an ended job, and why they must leave the bubble.</summary>
public sealed record CreateExportRequest(Guid? JobId, List<string>? Files, string? Justification);

public sealed record ExportDecisionRequest(string? Decision, string? Note);

public sealed record ExportResponse(
    Guid Id,
    Guid JobId,
    string Tenant,
    List<string> Files,
    string Justification,
    string Status,
    string RequestedBy,
    DateTimeOffset RequestedAt,
    string? DecidedBy,
    DateTimeOffset? DecidedAt,
    string? DecisionNote,
    DateTimeOffset? PublishedAt)
{
    public static ExportResponse From(ExportRequest e) => new(e.Id, e.JobId, e.TenantSlug, e.Files, e.Justification, e.Status.ToString(),
        e.RequestedBy, e.RequestedAt, e.DecidedBy, e.DecidedAt, e.DecisionNote, e.PublishedAt);
}

public sealed record ExportLinkResponse(string Path, Uri Url, DateTimeOffset ExpiresAt)
{
    public static ExportLinkResponse From(IssueExportLinks.Link link) => new(link.Path, link.Url, link.ExpiresAt);
}
