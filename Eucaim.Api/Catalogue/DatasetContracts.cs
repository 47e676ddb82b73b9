using Eucaim.Core.Catalogue;
using Eucaim.Core.Catalogue.Search;

namespace Eucaim.Api.Catalogue;

internal sealed record OrganizationView(string Key, string Name);

internal sealed record InvalidationView(string Reason, DateTimeOffset At);

/// <summary>
/// A dataset as its reader may see it: the latest published version's metadata for everyone; for
/// its organization's data holders and admins also the draft's number (and, while never
/// published, the draft's metadata).
/// </summary>
internal sealed record DatasetView(
    Guid Id,
    OrganizationView Organization,
    string State,
    int? Version,
    int? DraftVersion,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    DateTimeOffset? PublishedAt,
    InvalidationView? Invalidation,
    DatasetMetadata Metadata,
    string SexGroup);

/// <summary>One version: immutable once published; the draft is the one that is not.</summary>
internal sealed record DatasetVersionView(
    Guid DatasetId,
    int Number,
    string Status,
    DateTimeOffset UpdatedAt,
    DateTimeOffset? PublishedAt,
    DatasetMetadata Metadata,
    string SexGroup)
{
    public static DatasetVersionView Of(DatasetVersion version) => new(
        version.DatasetId, version.Number, version.Status.ToString().ToLowerInvariant(), version.UpdatedAt,
        version.PublishedAt, DatasetMetadata.From(version), version.SexGroup);
}

internal sealed record DatasetVersionSummary(int Number, DateTimeOffset PublishedAt, string Name);

internal sealed record InvalidateRequest(string? Reason);

internal sealed record SearchItem(
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
    DateTimeOffset PublishedAt,
    double? Score)
{
    public static SearchItem Of(CatalogueHit hit)
    {
        var l = hit.Listing;
        return new(l.Id, l.Version, l.Name, l.Organization, l.CancerType, l.Modalities, l.BodyParts, l.Tier, l.SharingMode, l.Sex,
            l.Subjects, l.PublishedAt, hit.Score);
    }
}

internal sealed record SearchResponse(
    IReadOnlyList<SearchItem> Items,
    IReadOnlyDictionary<string, IReadOnlyList<FacetCount>> Facets,
    int Total,
    string? NextPageToken);
