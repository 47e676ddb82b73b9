using System.Text.RegularExpressions;

namespace Eucaim.Core.Catalogue;

/// <summary>
/// EUCAIM compliance tiers: 1 (no common data model), 2 (searchable through a mediator),
/// 3 (mapped to the CDM and hyper-ontology), with optional sub-levels such as "3C+" kept as written.
/// A tier is searched by its exact value: <c>tier=3</c> does not include "3C+".
/// </summary>
public static partial class Tiers
{
    /// <summary>The canonical tier (upper case), or null when <paramref name="value"/> is not a tier.</summary>
    public static string? Canonical(string? value)
    {
        var tier = value?.Trim().ToUpperInvariant();
        return tier is not null && Pattern().IsMatch(tier) ? tier : null;
    }

    [GeneratedRegex(@"^[1-3](?:[A-Z][+-]?)?$", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}
