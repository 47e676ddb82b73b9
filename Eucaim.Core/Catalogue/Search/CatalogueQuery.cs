namespace Eucaim.Core.Catalogue.Search;

/// <summary>A validated catalogue search. Filter values are canonical (see <see cref="CatalogueQueryParser"/>).</summary>
public sealed record CatalogueQuery
{
    public string? Text { get; init; }

    /// <summary>Selected values per facet: a dataset matches a facet when it has any of them (OR), and must match every filtered facet (AND).</summary>
    public IReadOnlyDictionary<CatalogueFacet, IReadOnlyList<string>> Filters { get; init; } =
        new Dictionary<CatalogueFacet, IReadOnlyList<string>>();

    public int? MinSubjects { get; init; }

    public int? MaxSubjects { get; init; }

    public CatalogueSort Sort { get; init; } = CatalogueSort.Name;

    public int PageSize { get; init; } = CatalogueQueryParser.DefaultPageSize;

    public string? PageToken { get; init; }

    /// <summary>Everything that decides the result set and its order: a page token is only valid for the same.</summary>
    internal string Fingerprint()
    {
        var parts = new List<string> { $"q={Text}", $"sort={Sort.Name()}", $"min={MinSubjects}", $"max={MaxSubjects}" };
        parts.AddRange(Filters.OrderBy(f => f.Key).Select(f => $"{f.Key.Name()}={string.Join('\u001f', f.Value.Order(StringComparer.Ordinal))}"));
        return string.Join('\u001e', parts);
    }
}
