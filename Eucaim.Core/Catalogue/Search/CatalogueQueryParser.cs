using System.Globalization;
using Microsoft.Extensions.Primitives;

namespace Eucaim.Core.Catalogue.Search;

/// <summary>
/// Turns query-string parameters into a <see cref="CatalogueQuery"/>, or into errors keyed by the
/// offending parameter. Unknown parameters are errors too: a misspelt filter that silently matched
/// everything would look like a correct, empty-handed search.
/// </summary>
public static class CatalogueQueryParser
{
    public const int MaxTextLength = 256;
    public const int DefaultPageSize = 20;
    public const int MaxPageSize = 100;
    public const int MaxValuesPerFilter = 20;
    public const int MaxValueLength = 200;
    public const int MaxPageTokenLength = 1024;

    private static readonly string[] Scalars = ["q", "minSubjects", "maxSubjects", "sort", "pageSize", "pageToken"];

    public static IReadOnlyList<string> ParameterNames { get; } = [.. Scalars, .. CatalogueFacets.All.Select(f => f.Name())];

    public static (CatalogueQuery? Query, Dictionary<string, string[]> Errors) Parse(IEnumerable<KeyValuePair<string, StringValues>> parameters)
    {
        var errors = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        void Fail(string field, string message) =>
            (errors.TryGetValue(field, out var list) ? list : errors[field] = []).Add(message);

        var values = new Dictionary<string, StringValues>(StringComparer.Ordinal);
        foreach (var (name, value) in parameters)
        {
            if (!ParameterNames.Contains(name))
            {
                Fail(name, $"Unknown parameter. Known parameters: {string.Join(", ", ParameterNames)}.");
            }
            else
            {
                values[name] = value;
            }
        }

        string? Single(string name)
        {
            if (!values.TryGetValue(name, out var value))
            {
                return null;
            }

            if (value.Count > 1)
            {
                Fail(name, "Give this parameter once.");
                return null;
            }

            return value.ToString();
        }

        int? Number(string name, int min, int max)
        {
            var text = Single(name);
            if (text is null)
            {
                return null;
            }

            if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var number) || number < min || number > max)
            {
                Fail(name, $"'{text}' is not a whole number from {min} to {max}.");
                return null;
            }

            return number;
        }

        var text = Single("q")?.Trim();
        if (text is { Length: > MaxTextLength })
        {
            Fail("q", $"The text query is longer than {MaxTextLength} characters.");
        }

        var filters = new Dictionary<CatalogueFacet, IReadOnlyList<string>>();
        foreach (var facet in CatalogueFacets.All)
        {
            if (!values.TryGetValue(facet.Name(), out var given))
            {
                continue;
            }

            if (given.Count > MaxValuesPerFilter)
            {
                Fail(facet.Name(), $"At most {MaxValuesPerFilter} values.");
                continue;
            }

            var canonical = new List<string>();
            foreach (var value in given)
            {
                if (Canonical(facet, value) is { } accepted)
                {
                    canonical.Add(accepted);
                }
                else
                {
                    Fail(facet.Name(), Refusal(facet, value));
                }
            }

            filters[facet] = canonical.Distinct(StringComparer.Ordinal).ToList();
        }

        var minSubjects = Number("minSubjects", 0, int.MaxValue);
        var maxSubjects = Number("maxSubjects", 0, int.MaxValue);
        if (minSubjects > maxSubjects)
        {
            Fail("minSubjects", "minSubjects is larger than maxSubjects.");
        }

        var pageSize = Number("pageSize", 1, MaxPageSize) ?? DefaultPageSize;
        var hasText = !string.IsNullOrEmpty(text);
        var sort = hasText ? CatalogueSort.Relevance : CatalogueSort.Name;
        if (Single("sort") is { } sortText)
        {
            if (CatalogueSorts.Parse(sortText) is not { } parsed)
            {
                Fail("sort", $"'{sortText}' is not a sort order: use relevance, name, subjects or published.");
            }
            else if (parsed == CatalogueSort.Relevance && !hasText)
            {
                Fail("sort", "Sorting by relevance needs a text query (q).");
            }
            else
            {
                sort = parsed;
            }
        }

        var pageToken = Single("pageToken");
        if (pageToken is not null && (pageToken.Length == 0 || pageToken.Length > MaxPageTokenLength))
        {
            Fail("pageToken", "The page token is not one this API issued.");
        }

        if (errors.Count > 0)
        {
            return (null, errors.ToDictionary(e => e.Key, e => e.Value.ToArray(), StringComparer.Ordinal));
        }

        return (new CatalogueQuery
        {
            Text = hasText ? text : null,
            Filters = filters,
            MinSubjects = minSubjects,
            MaxSubjects = maxSubjects,
            Sort = sort,
            PageSize = pageSize,
            PageToken = pageToken,
        }, []);
    }

    private static string? Canonical(CatalogueFacet facet, string? value)
    {
        if (string.IsNullOrWhiteSpace(value) || value.Length > MaxValueLength)
        {
            return null;
        }

        return facet switch
        {
            CatalogueFacet.Modality => DicomModalities.Canonical(value),
            CatalogueFacet.Tier => Tiers.Canonical(value),
            CatalogueFacet.SharingMode => SharingModes.Parse(value)?.ToValue(),
            CatalogueFacet.Sex => SexGroup.All.FirstOrDefault(s => s == value.Trim().ToLowerInvariant()),
            CatalogueFacet.CancerType or CatalogueFacet.BodyPart => CatalogueTerms.Key(value),
            CatalogueFacet.Organization => value.Trim(),
            _ => null,
        };
    }

    private static string Refusal(CatalogueFacet facet, string? value) => facet switch
    {
        _ when string.IsNullOrWhiteSpace(value) => "Empty values are not allowed.",
        _ when value.Length > MaxValueLength => $"Values are at most {MaxValueLength} characters.",
        CatalogueFacet.Modality => $"'{value}' is not a DICOM modality code (e.g. CT, MR, PT, MG, SM, US, DX, NM).",
        CatalogueFacet.Tier => $"'{value}' is not a tier: use 1, 2 or 3, optionally with a sub-level such as 3C+.",
        CatalogueFacet.SharingMode => $"'{value}' is not a sharing mode: use {string.Join(" or ", SharingModes.All)}.",
        CatalogueFacet.Sex => $"'{value}' is not a sex group: use {string.Join(", ", SexGroup.All)}.",
        _ => $"'{value}' is not accepted.",
    };
}
