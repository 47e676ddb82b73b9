using Eucaim.Core.Catalogue;
using Eucaim.Core.Catalogue.Search;

namespace Eucaim.Api.Catalogue;

internal sealed record DatasetOrganizationResponse(string Key, string Name);

internal sealed record DatasetInvalidationResponse(string Reason, DateTimeOffset At);

/// <summary>
/// A dataset as its reader may see it: the latest published version's metadata for everyone; for
/// its organization's data holders and admins also the draft's number (and, while never
/// published, the draft's metadata).
/// </summary>
internal sealed record DatasetResponse(
    Guid Id,
    DatasetOrganizationResponse Organization,
    string State,
    int? Version,
    int? DraftVersion,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    DateTimeOffset? PublishedAt,
    DatasetInvalidationResponse? Invalidation,
    DatasetMetadata Metadata,
    string SexGroup)
{
    /// <summary>The reader's view: the published metadata, or the draft's while there is none.</summary>
    public static DatasetResponse Of(LoadedDataset loaded, bool owner)
    {
        var (dataset, published, draft) = loaded;
        var shown = published ?? draft ?? throw new InvalidOperationException($"dataset {dataset.Id} has no version");
        return new DatasetResponse(
            dataset.Id,
            new DatasetOrganizationResponse(dataset.OrganizationKey, dataset.Organization?.Name ?? dataset.OrganizationKey),
            dataset.State.ToString().ToLowerInvariant(),
            published?.Number,
            owner ? draft?.Number : null,
            dataset.CreatedAt,
            dataset.UpdatedAt,
            published?.PublishedAt,
            dataset.InvalidatedAt is { } at && dataset.InvalidationReason is { } reason ? new DatasetInvalidationResponse(reason, at) : null,
            DatasetMetadata.From(shown),
            shown.SexGroup);
    }
}

/// <summary>One version: immutable once published; the draft is the one that is not.</summary>
internal sealed record DatasetVersionResponse(
    Guid DatasetId,
    int Number,
    string Status,
    DateTimeOffset UpdatedAt,
    DateTimeOffset? PublishedAt,
    DatasetMetadata Metadata,
    string SexGroup)
{
    public static DatasetVersionResponse Of(DatasetVersion version) => new(
        version.DatasetId, version.Number, version.Status.ToString().ToLowerInvariant(), version.UpdatedAt,
        version.PublishedAt, DatasetMetadata.From(version), version.SexGroup);
}

internal sealed record DatasetVersionSummaryResponse(int Number, DateTimeOffset PublishedAt, string Name);

internal sealed record DatasetInvalidationRequest(string? Reason);

internal sealed record DatasetSearchItemResponse(
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
    public static DatasetSearchItemResponse Of(CatalogueHit hit)
    {
        var l = hit.Listing;
        return new(l.Id, l.Version, l.Name, l.Organization, l.CancerType, l.Modalities, l.BodyParts, l.Tier, l.SharingMode, l.Sex,
            l.Subjects, l.PublishedAt, hit.Score);
    }
}

internal sealed record DatasetSearchPageResponse(
    IReadOnlyList<DatasetSearchItemResponse> Items,
    IReadOnlyDictionary<string, IReadOnlyList<FacetCount>> Facets,
    int Total,
    string? NextPageToken);
