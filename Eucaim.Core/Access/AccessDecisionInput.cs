using Eucaim.Core.Platform;

namespace Eucaim.Core.Access;

/// <summary>One party's decision on one dataset, as sent.</summary>
public sealed record AccessDecisionInput(
    Guid? DatasetId, string? Decision, string? As, string? Comment, DateTimeOffset? ValidUntil, string? Conditions)
{
    public const int MaxConditionsLength = 2000;

    /// <summary>The decision's shape (the request's state is checked by <see cref="AccessDecisionRules"/>).</summary>
    public Outcome<AccessDecisionChoice> Validate()
    {
        var errors = new Dictionary<string, string[]>();
        if (DatasetId is null)
        {
            errors["datasetId"] = ["The dataset decided on is required."];
        }

        var approve = Decision?.Trim().ToLowerInvariant() switch
        {
            "approve" => true,
            "reject" => false,
            _ => (bool?)null,
        };
        if (approve is null)
        {
            errors["decision"] = ["The decision is 'approve' or 'reject'."];
        }

        var party = As?.Trim().ToLowerInvariant() switch
        {
            null or "" => new PartyChoice(null),
            "committee" => new PartyChoice(ReviewParty.Committee),
            "data-holder" => new PartyChoice(ReviewParty.DataHolder),
            _ => null,
        };
        if (party is null)
        {
            errors["as"] = ["Decide 'as' 'committee' or 'data-holder' (or leave it out)."];
        }

        if (Comment is { Length: > AccessRules.MaxCommentLength })
        {
            errors["comment"] = [$"At most {AccessRules.MaxCommentLength} characters."];
        }

        if (Conditions is { Length: > MaxConditionsLength })
        {
            errors["conditions"] = [$"At most {MaxConditionsLength} characters."];
        }

        if (errors.Count > 0 || DatasetId is not { } datasetId || approve is not { } approved || party is null)
        {
            return Problem.Invalid(errors);
        }

        return new AccessDecisionChoice(
            datasetId,
            approved,
            party.Party,
            string.IsNullOrWhiteSpace(Comment) ? null : Comment.Trim(),
            approved ? ValidUntil : null,
            approved && !string.IsNullOrWhiteSpace(Conditions) ? Conditions.Trim() : null);
    }

    private sealed record PartyChoice(ReviewParty? Party);
}

/// <summary>
/// A decision that passed <see cref="AccessDecisionInput.Validate"/>: <see cref="As"/> null lets the
/// decider's roles choose the party; the end and conditions are kept for approvals only.
/// </summary>
public sealed record AccessDecisionChoice(
    Guid DatasetId, bool Approve, ReviewParty? As, string? Comment, DateTimeOffset? ValidUntil, string? Conditions);
