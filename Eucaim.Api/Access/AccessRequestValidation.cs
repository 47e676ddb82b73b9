using Eucaim.Core.Access;

namespace Eucaim.Api.Access;

internal static class AccessRequestValidation
{
    public static Dictionary<string, string[]> Validate(
        string? title, string? purpose, string? intendedUse, List<string>? duoCodes, int? requestedDays, AccessOptions options)
    {
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(title) || title.Trim().Length > AccessRules.MaxTitleLength)
        {
            errors["title"] = [$"A title of 1 to {AccessRules.MaxTitleLength} characters is required."];
        }

        if (string.IsNullOrWhiteSpace(purpose))
        {
            errors["purpose"] = ["The purpose is required: the committee decides on it."];
        }
        else if (purpose.Trim().Length > AccessRules.MaxPurposeLength)
        {
            errors["purpose"] = [$"The purpose may have at most {AccessRules.MaxPurposeLength} characters."];
        }

        if (intendedUse is { Length: > AccessRules.MaxPurposeLength })
        {
            errors["intendedUse"] = [$"The intended use may have at most {AccessRules.MaxPurposeLength} characters."];
        }

        if (duoCodes is { Count: > AccessRules.MaxDuoCodes })
        {
            errors["duoCodes"] = [$"At most {AccessRules.MaxDuoCodes} Data Use Ontology codes."];
        }
        else if (duoCodes is not null && duoCodes.Any(c => c is null || !AccessRules.IsDuoCode(c)))
        {
            var bad = duoCodes.First(c => c is null || !AccessRules.IsDuoCode(c));
            errors["duoCodes"] = [$"'{bad}' is not a Data Use Ontology code such as DUO:0000042."];
        }

        if (requestedDays is null)
        {
            errors["requestedDays"] = ["The requested duration in days is required."];
        }
        else if (requestedDays < 1)
        {
            errors["requestedDays"] = ["The requested duration must be at least one day."];
        }
        else if (requestedDays > options.MaxGrantDays)
        {
            errors["requestedDays"] = [$"{requestedDays} days is beyond the platform maximum of {options.MaxGrantDays} days."];
        }

        return errors;
    }
}
