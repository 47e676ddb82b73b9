using System.Globalization;
using Eucaim.Core.Catalogue;
using Eucaim.Core.Contracts;
using Eucaim.Core.Tenants;

namespace Eucaim.Core.Federation;

/// <summary>The pure rules of the hub's side of federation: what a registration and a search may say, and how counts are shown.</summary>
public static class FederationRules
{
    public const int MaxOrganisationLength = 200;
    public const int MaxAge = 150;
    public const int MaxFilterLength = 64;

    /// <summary>The errors of a node registration, per field; the key is checked by the caller (it needs the parsed key).</summary>
    public static Dictionary<string, string[]> ValidateRegistration(string? id, string? organisation)
    {
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrEmpty(id) || !TenantRules.IsDnsLabel(id, TenantRules.MaxSlugLength))
        {
            errors["id"] = [$"id must be a DNS label: lowercase letters, digits and '-', starting with a letter, ending with a letter or digit, at most {TenantRules.MaxSlugLength} characters."];
        }
        else if (id == FederationMessage.HubId)
        {
            errors["id"] = [$"id '{FederationMessage.HubId}' is the hub's own."];
        }

        if (string.IsNullOrWhiteSpace(organisation) || organisation.Length > MaxOrganisationLength)
        {
            errors["organisation"] = [$"organisation is required and at most {MaxOrganisationLength} characters."];
        }

        return errors;
    }

    /// <summary>The errors of a federated search's filters, per field.</summary>
    public static Dictionary<string, string[]> ValidateFilters(CountsAsk ask)
    {
        var errors = new Dictionary<string, string[]>();
        if (ask.Sex is not null && ask.Sex is not ("F" or "M" or "O"))
        {
            errors["sex"] = ["sex must be F, M or O."];
        }

        if (ask.AgeMin is < 0 or > MaxAge)
        {
            errors["ageMin"] = [$"ageMin must be between 0 and {MaxAge}."];
        }

        if (ask.AgeMax is < 0 or > MaxAge)
        {
            errors["ageMax"] = [$"ageMax must be between 0 and {MaxAge}."];
        }
        else if (ask.AgeMin is { } min && ask.AgeMax is { } max && min > max && !errors.ContainsKey("ageMin"))
        {
            errors["ageMax"] = ["ageMax must not be below ageMin."];
        }

        if (ask.Modality is not null && DicomModalities.Canonical(ask.Modality) is null)
        {
            errors["modality"] = [$"modality '{ask.Modality}' is not a DICOM modality (e.g. CT, MR, PT)."];
        }

        if (ask.Tier is not null && Tiers.Canonical(ask.Tier) is null)
        {
            errors["tier"] = [$"tier '{ask.Tier}' is not a EUCAIM tier (1, 2, 3, optionally with a sub-level such as 3C+)."];
        }

        Text(errors, "cancerType", ask.CancerType, 200);
        Text(errors, "bodyPart", ask.BodyPart, MaxFilterLength);
        Text(errors, "manufacturer", ask.Manufacturer, MaxFilterLength);
        if (ask.Datasets is { Count: > 100 })
        {
            errors["datasets"] = ["datasets lists at most 100 ids."];
        }

        return errors;
    }

    /// <summary>The filters only images answer, in the canonical form sent to the nodes.</summary>
    public static CountFilters ImageFilters(CountsAsk ask) =>
        new(ask.Sex, ask.AgeMin, ask.AgeMax, DicomModalities.Canonical(ask.Modality), Blank(ask.BodyPart), Blank(ask.Manufacturer));

    /// <summary>Null when <paramref name="count"/> is one of the two shapes a node may release; otherwise why not.</summary>
    public static string? CountProblem(PrivateCount? count) => count switch
    {
        null => "is missing",
        { Suppressed: false, Value: >= 0 } => null,
        { Suppressed: true, Value: null } => null,
        { Suppressed: true } => "is suppressed but has a value; a suppressed count has none",
        { Value: null } => "has no value but is not suppressed",
        _ => "is negative",
    };

    /// <summary>Null when a node's privacy policy is well formed; otherwise why not.</summary>
    public static string? PrivacyProblem(CountPrivacy? privacy) => privacy switch
    {
        null => "privacy is missing",
        { Mechanism: null or "" } => "privacy.mechanism is required",
        { Epsilon: <= 0 or double.NaN or double.PositiveInfinity } => "privacy.epsilon must be positive",
        { MaxNoise: < 0 } => "privacy.maxNoise must not be negative",
        { SmallCellThreshold: < 0 } => "privacy.smallCellThreshold must not be negative",
        _ => null,
    };

    /// <summary>How a released count is shown: its value, or "&lt; threshold" when suppressed (never 0: none and a few look the same).</summary>
    public static string Display(PrivateCount count, int smallCellThreshold) =>
        count.Suppressed || count.Value is null
            ? $"< {smallCellThreshold.ToString(CultureInfo.InvariantCulture)}"
            : count.Value.Value.ToString(CultureInfo.InvariantCulture);

    /// <summary>A total over released cells: their sum, and how many cells were suppressed and so are not in it.</summary>
    public static string TotalDisplay(long released, int suppressedCells) =>
        suppressedCells == 0
            ? released.ToString(CultureInfo.InvariantCulture)
            : $"{released.ToString(CultureInfo.InvariantCulture)} + {suppressedCells.ToString(CultureInfo.InvariantCulture)} suppressed {(suppressedCells == 1 ? "cell" : "cells")}";

    /// <summary>The plain-words note of a partial result; null when every node answered in time.</summary>
    public static string? Note(IReadOnlyList<(string Node, string Status)> nodes, TimeSpan timeout)
    {
        if (nodes.Count == 0)
        {
            return "No active node serves a federated dataset matching the search.";
        }

        var inTime = nodes.Count(n => n.Status == NodeAnswerStatus.Answered);
        if (inTime == nodes.Count)
        {
            return null;
        }

        var seconds = timeout.TotalSeconds.ToString("0.#", CultureInfo.InvariantCulture);
        var others = nodes.Where(n => n.Status != NodeAnswerStatus.Answered).Select(n => n.Status switch
        {
            NodeAnswerStatus.AnsweredLate => $"{n.Node} answered late (not in the totals of the first answer)",
            NodeAnswerStatus.Pending => $"{n.Node} has not answered yet",
            _ => $"{n.Node} timed out",
        });
        return $"{inTime} of {nodes.Count} {(nodes.Count == 1 ? "node" : "nodes")} answered within {seconds} s; {string.Join("; ", others)}.";
    }

    private static void Text(Dictionary<string, string[]> errors, string field, string? value, int max)
    {
        if (value is not null && (string.IsNullOrWhiteSpace(value) || value.Length > max))
        {
            errors[field] = [$"{field} must not be blank and at most {max} characters."];
        }
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
