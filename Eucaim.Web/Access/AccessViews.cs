namespace Eucaim.Web.Access;

/// <summary>An access request as <c>/api/access-requests</c> describes it.</summary>
public sealed record AccessRequestView(
    Guid Id, string Tenant, string Requester, string? RequesterName, string Title, string Purpose, string? IntendedUse,
    IReadOnlyList<string> DuoCodes, int RequestedDays, string Status, int Revision,
    DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, DateTimeOffset? ClosedAt,
    IReadOnlyList<RequestedDatasetView> Datasets, IReadOnlyList<AccessDecisionView> Decisions);

public sealed record RequestedDatasetView(
    Guid DatasetId, int? Version, string DatasetName, string Organization, bool RequiresDataHolderApproval,
    string Status, Guid? GrantId, DateTimeOffset? DecidedAt);

public sealed record AccessDecisionView(
    Guid DatasetId, string Party, string Decision, string Decider, string? Comment, DateTimeOffset? ValidUntil, string? Conditions, DateTimeOffset DecidedAt);

/// <summary>The Data Use Ontology terms a request form offers, as a researcher would read them.</summary>
public static class DuoTerms
{
    public static readonly IReadOnlyList<(string Code, string Label)> Offered =
    [
        ("DUO:0000042", "General research use"),
        ("DUO:0000006", "Health or medical or biomedical research"),
        ("DUO:0000007", "Disease-specific research"),
        ("DUO:0000011", "Population origins or ancestry research"),
        ("DUO:0000043", "Clinical care use"),
        ("DUO:0000044", "Population origins or ancestry research prohibited"),
        ("DUO:0000018", "Not-for-profit use only"),
        ("DUO:0000019", "Publication required"),
        ("DUO:0000046", "Non-commercial use only"),
    ];
}
