using Eucaim.Core.Access;

namespace Eucaim.Api.Access;

public sealed record RequestedDataset(Guid DatasetId, int? Version);

/// <summary>Body of <c>POST /api/access-requests</c>.</summary>
public sealed record SubmitAccessRequest(
    string? Tenant,
    string? Title,
    string? Purpose,
    string? IntendedUse,
    List<string>? DuoCodes,
    int? RequestedDays,
    List<RequestedDataset>? Datasets);

/// <summary>Body of <c>PUT /api/access-requests/{id}</c>: the requester's changes after "changes requested".</summary>
public sealed record ReviseAccessRequest(string? Title, string? Purpose, string? IntendedUse, List<string>? DuoCodes, int? RequestedDays);

/// <summary>Body of <c>POST /api/access-requests/{id}/decisions</c>.</summary>
public sealed record DecideAccessRequest(
    Guid? DatasetId,
    string? Decision,
    string? As,
    string? Comment,
    DateTimeOffset? ValidUntil,
    string? Conditions);

public sealed record CommentBody(string? Body);

public sealed record RevokeGrantBody(string? Reason);

public sealed record AccessPolicyBody(bool? RequiresDataHolderApproval);

public sealed record TestClockBody(double? OffsetSeconds);

public sealed record AccessRequestDatasetView(
    Guid DatasetId, int? Version, string DatasetName, string Organization, bool RequiresDataHolderApproval,
    string Status, Guid? GrantId, DateTimeOffset? DecidedAt);

public sealed record AccessDecisionView(
    Guid DatasetId, string Party, string Decision, string Decider, string? Comment, DateTimeOffset? ValidUntil, string? Conditions, DateTimeOffset DecidedAt);

public sealed record AccessRequestView(
    Guid Id, string Tenant, string Requester, string? RequesterName, string Title, string Purpose, string? IntendedUse,
    IReadOnlyList<string> DuoCodes, int RequestedDays, string Status, int Revision,
    DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, DateTimeOffset? ClosedAt,
    IReadOnlyList<AccessRequestDatasetView> Datasets, IReadOnlyList<AccessDecisionView> Decisions)
{
    public static AccessRequestView Of(AccessRequest r) => new(
        r.Id, r.TenantSlug, r.RequesterSubject, r.RequesterName, r.Title, r.Purpose, r.IntendedUse, r.DuoCodes, r.RequestedDays,
        AccessText.Of(r.Status), r.Revision, r.CreatedAt, r.UpdatedAt, r.ClosedAt,
        r.Datasets.OrderBy(d => d.DatasetName, StringComparer.Ordinal).Select(d => new AccessRequestDatasetView(
            d.DatasetId, d.Version, d.DatasetName, d.OrganizationKey, d.RequiresDataHolderApproval, AccessText.Of(d.Status), d.GrantId, d.DecidedAt)).ToList(),
        r.Decisions.OrderBy(d => d.DecidedAt).Select(d => new AccessDecisionView(
            d.DatasetId, AccessText.Of(d.Party), d.Approved ? "approve" : "reject", d.DeciderSubject, d.Comment, d.ValidUntil, d.Conditions, d.DecidedAt)).ToList());
}

public sealed record AccessCommentView(Guid Id, string Author, string? AuthorName, string AuthorRole, string Body, DateTimeOffset CreatedAt);

public sealed record GrantView(
    Guid Id, Guid TenantId, string Tenant, Guid DatasetId, int? Version, DateTimeOffset ValidFrom, DateTimeOffset ValidUntil,
    string? Conditions, Guid? AccessRequestId, string Status, DateTimeOffset? RevokedAt, string? RevokedBy, string? RevocationReason,
    DateTimeOffset? ExpiredAt, DateTimeOffset CreatedAt, string CreatedBy)
{
    public static GrantView Of(Grant g, DateTimeOffset now) => new(
        g.Id, g.TenantId, g.TenantSlug, g.DatasetId, g.Version, g.ValidFrom, g.ValidUntil, g.Conditions, g.AccessRequestId,
        g.RevokedAt is not null ? "revoked" : g.ExpiredAt is not null || now >= g.ValidUntil ? "expired" : now < g.ValidFrom ? "pending" : "active",
        g.RevokedAt, g.RevokedBy, g.RevocationReason, g.ExpiredAt, g.CreatedAt, g.CreatedBy);
}

public sealed record NotificationView(
    long Id, string Kind, string Message, Guid? AccessRequestId, Guid? GrantId, Guid? DatasetId, DateTimeOffset CreatedAt, bool Read);

public sealed record AccessPolicyView(Guid DatasetId, bool RequiresDataHolderApproval, string Source, DateTimeOffset? UpdatedAt, string? UpdatedBy);

public sealed record PassportResponse(
    [property: System.Text.Json.Serialization.JsonPropertyName("ga4gh_passport_v1")] IReadOnlyList<string> Visas);

public sealed record TestClockView(double OffsetSeconds, DateTimeOffset Now);
