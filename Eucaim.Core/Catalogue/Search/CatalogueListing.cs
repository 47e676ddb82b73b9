namespace Eucaim.Core.Catalogue.Search;

/// <summary>A listed dataset as search results show it; the full metadata is one GET away.</summary>
public sealed record CatalogueListing(
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
