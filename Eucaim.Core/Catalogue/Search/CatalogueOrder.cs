namespace Eucaim.Core.Catalogue.Search;

/// <summary>A position in a sort order: the sort value and the dataset id that breaks ties.</summary>
internal readonly record struct SortKey(string? Text, long Number, double Rank, Guid Id);

/// <summary>The one definition of each sort order, used for sorting and for keyset paging alike.</summary>
internal static class CatalogueOrder
{
    public static SortKey KeyOf(CatalogueSort sort, CatalogueListing listing, double rank = 0) => sort switch
    {
        CatalogueSort.Name => new SortKey(listing.Name, 0, 0, listing.Id),
        CatalogueSort.Subjects => new SortKey(null, listing.Subjects ?? -1, 0, listing.Id),
        CatalogueSort.Published => new SortKey(null, listing.PublishedAt.UtcTicks, 0, listing.Id),
        CatalogueSort.Relevance => new SortKey(null, 0, rank, listing.Id),
        _ => throw new ArgumentOutOfRangeException(nameof(sort), sort, null),
    };

    /// <summary>Negative when <paramref name="a"/> comes first.</summary>
    public static int Compare(CatalogueSort sort, SortKey a, SortKey b)
    {
        var order = sort switch
        {
            CatalogueSort.Name => string.Compare(a.Text, b.Text, StringComparison.OrdinalIgnoreCase) is var c && c != 0
                ? c
                : string.CompareOrdinal(a.Text, b.Text),
            // Largest first; a missing count (-1) sorts after every real one.
            CatalogueSort.Subjects or CatalogueSort.Published => b.Number.CompareTo(a.Number),
            CatalogueSort.Relevance => b.Rank.CompareTo(a.Rank),
            _ => throw new ArgumentOutOfRangeException(nameof(sort), sort, null),
        };
        return order != 0 ? order : a.Id.CompareTo(b.Id);
    }
}
