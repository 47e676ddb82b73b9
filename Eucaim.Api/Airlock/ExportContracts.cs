using Eucaim.Core.Jobs;

namespace Eucaim.Api.Airlock;

public sealed record ExportRequestBody(Guid? JobId, List<string>? Files, string? Justification);

public sealed record ExportDecisionBody(string? Decision, string? Note);

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

public sealed record ExportLinkResponse(string Path, Uri Url, DateTimeOffset ExpiresAt);
