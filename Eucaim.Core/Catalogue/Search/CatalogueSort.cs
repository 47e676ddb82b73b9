namespace Eucaim.Core.Catalogue.Search;

/// <summary>Orders of search results; ties are broken by dataset id so that keyset paging is stable.</summary>
public enum CatalogueSort
{
    /// <summary>Full-text rank, best first (only with a text query).</summary>
    Relevance,

    /// <summary>Name, A to Z, ignoring case.</summary>
    Name,

    /// <summary>Number of subjects, largest first; datasets without a usable count last.</summary>
    Subjects,

    /// <summary>Publication of the listed version, newest first.</summary>
    Published,
}

public static class CatalogueSorts
{
    public static string Name(this CatalogueSort sort) => sort.ToString().ToLowerInvariant();

    public static CatalogueSort? Parse(string value) =>
        Enum.GetValues<CatalogueSort>().Select(s => (CatalogueSort?)s).FirstOrDefault(s => s!.Value.Name() == value);
}
