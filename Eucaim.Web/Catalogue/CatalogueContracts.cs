namespace Eucaim.Web.Catalogue;

/// <summary>A page of <c>GET /api/datasets</c>: the fields the portal shows.</summary>
public sealed record SearchPage(
    IReadOnlyList<SearchItem> Items,
    IReadOnlyDictionary<string, IReadOnlyList<FacetCount>> Facets,
    int Total,
    string? NextPageToken);

public sealed record SearchItem(
    Guid Id,
    int Version,
    string Name,
    string Organization,
    string CancerType,
    IReadOnlyList<string> Modalities,
    IReadOnlyList<string> BodyParts,
    string Tier,
    string SharingMode,
    string Sex,
    int? Subjects,
    DateTimeOffset PublishedAt);

public sealed record FacetCount(string Value, int Count);

/// <summary><c>GET /api/datasets/{id}</c> as an anonymous reader sees it.</summary>
public sealed record DatasetView(
    Guid Id,
    DatasetOrganization Organization,
    string State,
    int? Version,
    DateTimeOffset? PublishedAt,
    DatasetInvalidation? Invalidation,
    DatasetDescription Metadata,
    string SexGroup);

public sealed record DatasetOrganization(string Key, string Name);

public sealed record DatasetInvalidation(string Reason, DateTimeOffset At);

public sealed record DatasetDescription(
    string? Name,
    string? Description,
    string? IntendedPurpose,
    string? CancerType,
    IReadOnlyList<string>? Modalities,
    IReadOnlyList<string>? BodyParts,
    string? AgeRange,
    string? Sex,
    int? Subjects,
    string? SubjectsText,
    int? Studies,
    string? StudiesText,
    decimal? SizeGb,
    string? SizeText,
    string? Deidentification,
    string? TermsOfUse,
    string? Tier,
    string? SharingMode,
    string? FederatedNode);

public sealed record DatasetVersionSummary(int Number, DateTimeOffset PublishedAt, string Name);

