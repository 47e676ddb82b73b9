using Eucaim.Core.Access;

namespace Eucaim.Api.Access;

public sealed record RequestedDataset(Guid DatasetId, int? Version);

/// <summary>Body of <c>POST /api/access-requests</c>.</summary>
public sealed record AccessSubmissionRequest(
    string? Tenant,
    string? Title,
    string? Purpose,
    string? IntendedUse,
    List<string>? DuoCodes,
    int? RequestedDays,
    List<RequestedDataset>? Datasets)
{
    public AccessSubmission ToSubmission() => new(
        Tenant,
        new AccessRequestDraft(Title, Purpose, IntendedUse, DuoCodes, RequestedDays),
        Datasets?.Select(d => new WantedDataset(d.DatasetId, d.Version)).ToList());
}

/// <summary>Body of <c>PUT /api/access-requests/{id}</c>: the requester's changes after "changes requested".</summary>
public sealed record AccessRevisionRequest(string? Title, string? Purpose, string? IntendedUse, List<string>? DuoCodes, int? RequestedDays)
{
    public AccessRequestDraft ToDraft() => new(Title, Purpose, IntendedUse, DuoCodes, RequestedDays);
}

/// <summary>Body of <c>POST /api/access-requests/{id}/decisions</c>.</summary>
public sealed record AccessDecisionRequest(
    Guid? DatasetId,
    string? Decision,
    string? As,
    string? Comment,
    DateTimeOffset? ValidUntil,
    string? Conditions);

/// <summary>Body of a comment, and of <c>request-changes</c>.</summary>
public sealed record AccessCommentRequest(string? Body);

public sealed record GrantRevocationRequest(string? Reason);

/// <summary><c>smallCellThreshold</c> is optional: left out, the current one (or the default, 5) stays.</summary>
public sealed record AccessPolicyRequest(bool? RequiresDataHolderApproval, int? SmallCellThreshold = null);

public sealed record TestClockRequest(double? OffsetSeconds);

public sealed record AccessRequestDatasetResponse(
    Guid DatasetId, int? Version, string DatasetName, string Organization, bool RequiresDataHolderApproval,
    string Status, Guid? GrantId, DateTimeOffset? DecidedAt);

public sealed record AccessDecisionResponse(
    Guid DatasetId, string Party, string Decision, string Decider, string? Comment, DateTimeOffset? ValidUntil, string? Conditions, DateTimeOffset DecidedAt);

public sealed record AccessRequestResponse(
    Guid Id, string Tenant, string Requester, string? RequesterName, string Title, string Purpose, string? IntendedUse,
    IReadOnlyList<string> DuoCodes, int RequestedDays, string Status, int Revision,
    DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, DateTimeOffset? ClosedAt,
    IReadOnlyList<AccessRequestDatasetResponse> Datasets, IReadOnlyList<AccessDecisionResponse> Decisions)
{
    public static AccessRequestResponse Of(AccessRequest r) => new(
        r.Id, r.TenantSlug, r.RequesterSubject, r.RequesterName, r.Title, r.Purpose, r.IntendedUse, r.DuoCodes, r.RequestedDays,
        AccessText.Of(r.Status), r.Revision, r.CreatedAt, r.UpdatedAt, r.ClosedAt,
        r.Datasets.OrderBy(d => d.DatasetName, StringComparer.Ordinal).Select(d => new AccessRequestDatasetResponse(
            d.DatasetId, d.Version, d.DatasetName, d.OrganizationKey, d.RequiresDataHolderApproval, AccessText.Of(d.Status), d.GrantId, d.DecidedAt)).ToList(),
        r.Decisions.OrderBy(d => d.DecidedAt).Select(d => new AccessDecisionResponse(
            d.DatasetId, AccessText.Of(d.Party), d.Approved ? "approve" : "reject", d.DeciderSubject, d.Comment, d.ValidUntil, d.Conditions, d.DecidedAt)).ToList());
}

public sealed record AccessCommentResponse(Guid Id, string Author, string? AuthorName, string AuthorRole, string Body, DateTimeOffset CreatedAt)
{
    public static AccessCommentResponse Of(AccessRequestComment c) => new(c.Id, c.AuthorSubject, c.AuthorName, c.AuthorRole, c.Body, c.CreatedAt);
}

public sealed record GrantResponse(
    Guid Id, Guid TenantId, string Tenant, Guid DatasetId, int? Version, DateTimeOffset ValidFrom, DateTimeOffset ValidUntil,
    string? Conditions, Guid? AccessRequestId, string Status, DateTimeOffset? RevokedAt, string? RevokedBy, string? RevocationReason,
    DateTimeOffset? ExpiredAt, DateTimeOffset CreatedAt, string CreatedBy)
{
    public static GrantResponse Of(Grant g, DateTimeOffset now) => new(
        g.Id, g.TenantId, g.TenantSlug, g.DatasetId, g.Version, g.ValidFrom, g.ValidUntil, g.Conditions, g.AccessRequestId,
        GrantRules.Status(g, now), g.RevokedAt, g.RevokedBy, g.RevocationReason, g.ExpiredAt, g.CreatedAt, g.CreatedBy);
}

public sealed record NotificationResponse(
    long Id, string Kind, string Message, Guid? AccessRequestId, Guid? GrantId, Guid? DatasetId, DateTimeOffset CreatedAt, bool Read);

/// <summary><c>smallCellThreshold</c>: counts below it in an exported table are blocking airlock findings.</summary>
public sealed record AccessPolicyResponse(Guid DatasetId, bool RequiresDataHolderApproval, string Source, DateTimeOffset? UpdatedAt, string? UpdatedBy, int SmallCellThreshold)
{
    public static AccessPolicyResponse Of(DatasetAccessPolicy p) => new(p.DatasetId, p.RequiresDataHolderApproval, "data-holder", p.UpdatedAt, p.UpdatedBy, p.SmallCellThreshold);
}

public sealed record PassportResponse(
    [property: System.Text.Json.Serialization.JsonPropertyName("ga4gh_passport_v1")] IReadOnlyList<string> Visas);

public sealed record TestClockResponse(double OffsetSeconds, DateTimeOffset Now);
