namespace Eucaim.Core.Access;

/// <summary>
/// A member of a tenant asking for one or more published datasets for that tenant. The committee
/// (and, where a dataset's terms say so, its data holder) decides per dataset, so one request can be
/// approved for some datasets and refused for others; each approval creates a <see cref="Grant"/>.
/// </summary>
public sealed class AccessRequest
{
    public Guid Id { get; set; }

    public Guid TenantId { get; set; }

    public required string TenantSlug { get; set; }

    public required string RequesterSubject { get; set; }

    public string? RequesterName { get; set; }

    public required string Title { get; set; }

    public required string Purpose { get; set; }

    public string? IntendedUse { get; set; }

    /// <summary>GA4GH Data Use Ontology codes describing the intended use, e.g. <c>DUO:0000042</c>.</summary>
    public List<string> DuoCodes { get; set; } = [];

    /// <summary>How long the access is wanted for, in days (at most the platform maximum).</summary>
    public int RequestedDays { get; set; }

    public AccessRequestStatus Status { get; set; }

    /// <summary>Starts at 1; a resubmission after "changes requested" increments it.</summary>
    public int Revision { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    public DateTimeOffset? ClosedAt { get; set; }

    public List<AccessRequestDataset> Datasets { get; set; } = [];

    public List<AccessDecision> Decisions { get; set; } = [];

    public List<AccessRequestComment> Comments { get; set; } = [];

    public uint RowVersion { get; set; }

    public bool IsClosed => Status is AccessRequestStatus.Approved or AccessRequestStatus.Rejected or AccessRequestStatus.Withdrawn;
}

public enum AccessRequestStatus
{
    Submitted,
    UnderReview,
    ChangesRequested,
    /// <summary>Every dataset decided, at least one approved.</summary>
    Approved,
    /// <summary>Every dataset decided, none approved.</summary>
    Rejected,
    Withdrawn,
}
