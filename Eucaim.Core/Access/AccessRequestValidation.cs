using Eucaim.Core.Platform;

namespace Eucaim.Core.Access;

/// <summary>The rules of what a request says; each message names its field.</summary>
public static class AccessRequestValidation
{
    public static Outcome<AccessRequestContent> Validate(AccessRequestDraft? draft, int maxGrantDays)
    {
        if (draft is null)
        {
            return Problem.Invalid("body", "A JSON body is required.");
        }

        var errors = Errors(draft, maxGrantDays);
        return errors.Count > 0 ? Problem.Invalid(errors) : Content(draft);
    }

    public static Outcome<ValidAccessSubmission> Validate(AccessSubmission? submission, int maxGrantDays)
    {
        if (submission is null)
        {
            return Problem.Invalid("body", "A JSON body is required.");
        }

        var errors = Errors(submission.Draft, maxGrantDays);
        var requested = submission.Datasets ?? [];
        if (requested.Count == 0 || requested.Count > AccessRules.MaxDatasetsPerRequest)
        {
            errors["datasets"] = [$"Ask for 1 to {AccessRules.MaxDatasetsPerRequest} datasets."];
        }
        else if (requested.Select(d => d.DatasetId).Distinct().Count() != requested.Count)
        {
            errors["datasets"] = ["Each dataset may appear once."];
        }

        var tenant = submission.Tenant?.Trim();
        if (string.IsNullOrEmpty(tenant))
        {
            errors["tenant"] = ["The tenant (slug or id) the access is for is required."];
        }

        if (errors.Count > 0 || string.IsNullOrEmpty(tenant))
        {
            return Problem.Invalid(errors);
        }

        return new ValidAccessSubmission(tenant, Content(submission.Draft), requested);
    }

    /// <summary>The field errors of <paramref name="draft"/>, in the order the API has always listed them.</summary>
    public static Dictionary<string, string[]> Errors(AccessRequestDraft draft, int maxGrantDays)
    {
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(draft.Title) || draft.Title.Trim().Length > AccessRules.MaxTitleLength)
        {
            errors["title"] = [$"A title of 1 to {AccessRules.MaxTitleLength} characters is required."];
        }

        if (string.IsNullOrWhiteSpace(draft.Purpose))
        {
            errors["purpose"] = ["The purpose is required: the committee decides on it."];
        }
        else if (draft.Purpose.Trim().Length > AccessRules.MaxPurposeLength)
        {
            errors["purpose"] = [$"The purpose may have at most {AccessRules.MaxPurposeLength} characters."];
        }

        if (draft.IntendedUse is { Length: > AccessRules.MaxPurposeLength })
        {
            errors["intendedUse"] = [$"The intended use may have at most {AccessRules.MaxPurposeLength} characters."];
        }

        if (draft.DuoCodes is { Count: > AccessRules.MaxDuoCodes })
        {
            errors["duoCodes"] = [$"At most {AccessRules.MaxDuoCodes} Data Use Ontology codes."];
        }
        else if (draft.DuoCodes is { } codes && codes.Any(c => c is null || !AccessRules.IsDuoCode(c)))
        {
            var bad = codes.First(c => c is null || !AccessRules.IsDuoCode(c));
            errors["duoCodes"] = [$"'{bad}' is not a Data Use Ontology code such as DUO:0000042."];
        }

        if (draft.RequestedDays is not { } days)
        {
            errors["requestedDays"] = ["The requested duration in days is required."];
        }
        else if (days < 1)
        {
            errors["requestedDays"] = ["The requested duration must be at least one day."];
        }
        else if (days > maxGrantDays)
        {
            errors["requestedDays"] = [$"{days} days is beyond the platform maximum of {maxGrantDays} days."];
        }

        return errors;
    }

    /// <summary>The content of a draft without errors.</summary>
    private static AccessRequestContent Content(AccessRequestDraft draft) => new(
        (draft.Title ?? "").Trim(),
        (draft.Purpose ?? "").Trim(),
        string.IsNullOrWhiteSpace(draft.IntendedUse) ? null : draft.IntendedUse.Trim(),
        [.. (draft.DuoCodes ?? []).OfType<string>().Distinct(StringComparer.Ordinal)],
        draft.RequestedDays ?? 0);
}
