using System.Globalization;
using Microsoft.Extensions.Primitives;

namespace Eucaim.Web.Federation;

/// <summary>
/// The federated search form as typed: text, so that what was typed comes back with a refusal. Empty fields
/// are left out of the request; the API checks the rest and names the fields it refuses.
/// </summary>
public sealed class FederatedSearchForm
{
    /// <summary>The form's fields, named as the API names them (its problems' <c>errors</c> keys).</summary>
    public static readonly IReadOnlyList<string> Fields = ["sex", "ageMin", "ageMax", "cancerType", "modality", "bodyPart", "manufacturer", "tier"];

    public string? Sex { get; init; }

    public string? AgeMin { get; init; }

    public string? AgeMax { get; init; }

    public string? CancerType { get; init; }

    public string? Modality { get; init; }

    public string? BodyPart { get; init; }

    public string? Manufacturer { get; init; }

    public string? Tier { get; init; }

    /// <summary>The datasets the search is narrowed to (from a dataset's page); none: every federated dataset.</summary>
    public IReadOnlyList<Guid> Datasets { get; init; } = [];

    public static FederatedSearchForm From(IFormCollection form) => new()
    {
        Sex = form["sex"],
        AgeMin = form["ageMin"],
        AgeMax = form["ageMax"],
        CancerType = form["cancerType"],
        Modality = form["modality"],
        BodyPart = form["bodyPart"],
        Manufacturer = form["manufacturer"],
        Tier = form["tier"],
        Datasets = Ids(form["dataset"]),
    };

    /// <summary>The form of a search already asked, as the hub understood it.</summary>
    public static FederatedSearchForm From(FederatedFiltersView filters) => new()
    {
        Sex = filters.Sex,
        AgeMin = filters.AgeMin?.ToString(CultureInfo.InvariantCulture),
        AgeMax = filters.AgeMax?.ToString(CultureInfo.InvariantCulture),
        CancerType = filters.CancerType,
        Modality = filters.Modality,
        BodyPart = filters.BodyPart,
        Manufacturer = filters.Manufacturer,
        Tier = filters.Tier,
        Datasets = filters.Datasets,
    };

    /// <summary>Ids of the <c>dataset</c> query parameter or form field; what is not an id is left out.</summary>
    public static IReadOnlyList<Guid> Ids(StringValues values) =>
        values.Select(v => Guid.TryParse(v, out var id) ? id : Guid.Empty).Where(id => id != Guid.Empty).Distinct().ToList();

    public string? this[string field] => field switch
    {
        "sex" => Sex,
        "ageMin" => AgeMin,
        "ageMax" => AgeMax,
        "cancerType" => CancerType,
        "modality" => Modality,
        "bodyPart" => BodyPart,
        "manufacturer" => Manufacturer,
        "tier" => Tier,
        _ => null,
    };

    /// <summary>
    /// The body of <c>POST /api/federation/counts</c>, or the fields that are not whole numbers (a browser's number
    /// input lets none through; anything else posting the form may), which the API could only refuse as unreadable JSON.
    /// </summary>
    public object? ToRequest(out Dictionary<string, string[]> errors)
    {
        errors = [];
        var ageMin = Years("ageMin", AgeMin, errors);
        var ageMax = Years("ageMax", AgeMax, errors);
        if (errors.Count > 0)
        {
            return null;
        }

        return new
        {
            sex = Given(Sex),
            ageMin,
            ageMax,
            cancerType = Given(CancerType),
            modality = Given(Modality),
            bodyPart = Given(BodyPart),
            manufacturer = Given(Manufacturer),
            tier = Given(Tier),
            datasets = Datasets,
        };
    }

    private static string? Given(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private static int? Years(string field, string? text, Dictionary<string, string[]> errors)
    {
        if (Given(text) is not { } given)
        {
            return null;
        }

        if (int.TryParse(given, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var years))
        {
            return years;
        }

        errors[field] = [$"{field} must be a whole number of years."];
        return null;
    }
}
