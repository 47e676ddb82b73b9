using System.Text.RegularExpressions;

namespace Eucaim.Core.Catalogue;

/// <summary>
/// Facet keys of the free-text vocabularies (cancer type, body part): the text trimmed, inner
/// white space collapsed, lower-cased. "Prostate Cancer" and "prostate cancer" are one facet value;
/// "Prostate" stays its own, because merging synonyms needs an ontology, not string rules.
/// </summary>
public static partial class CatalogueTerms
{
    public static string Key(string text) => Spaces().Replace(text.Trim(), " ").ToLowerInvariant();

    /// <summary>Distinct keys of <paramref name="texts"/>, in their first order, without empty ones.</summary>
    public static List<string> Keys(IEnumerable<string> texts) =>
        texts.Select(Key).Where(k => k.Length > 0).Distinct(StringComparer.Ordinal).ToList();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();
}
