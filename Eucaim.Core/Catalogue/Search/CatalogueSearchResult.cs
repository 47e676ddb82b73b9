namespace Eucaim.Core.Catalogue.Search;

public sealed record FacetCount(string Value, int Count);

/// <summary>One result: the listing, and its full-text rank when sorted by relevance.</summary>
public sealed record CatalogueHit(CatalogueListing Listing, double? Score);

/// <summary>
/// A page of results, facet counts for every facet (each under all active filters except its
/// own), the number of datasets matching the whole query, and the token of the next page.
/// </summary>
public sealed record CatalogueSearchResult(
    IReadOnlyList<CatalogueHit> Items,
    IReadOnlyDictionary<CatalogueFacet, IReadOnlyList<FacetCount>> Facets,
    int Total,
    string? NextPageToken);

/// <summary>Either a result or the parameters that made the query impossible to answer.</summary>
public sealed record CatalogueSearchOutcome(CatalogueSearchResult? Result, IReadOnlyDictionary<string, string[]> Errors);
