using Eucaim.Core.Platform;

namespace Eucaim.Core.Tenants;

/// <summary>The rules of an admin's change to a tenant, free of the database so that they are tested alone.</summary>
public static class TenantChangeRules
{
    /// <summary>
    /// Errors by field of a draft: <see cref="TenantRules.Validate"/>, a required quota, and the
    /// allowed flavors that do not exist (<paramref name="knownFlavors"/> are those that do).
    /// </summary>
    public static Dictionary<string, string[]> Validate(TenantDraft draft, bool creating, IReadOnlyCollection<string> knownFlavors)
    {
        var errors = TenantRules.Validate(creating ? draft.Slug ?? "" : null, draft.Name ?? "", draft.LsLoginGroup, draft.Quota, draft.Members);
        if (draft.Quota is null)
        {
            errors["quota"] = ["quota is required."];
        }

        var unknown = Distinct(draft.AllowedFlavors).Except(knownFlavors, StringComparer.Ordinal).ToList();
        if (unknown.Count > 0)
        {
            errors["allowedFlavors"] = [$"Unknown flavor(s): {string.Join(", ", unknown)}."];
        }

        return errors;
    }

    /// <summary>Non-blank values, each once, in their first order.</summary>
    public static List<string> Distinct(IEnumerable<string>? values) =>
        values is null ? [] : [.. values.Where(v => !string.IsNullOrWhiteSpace(v)).Distinct(StringComparer.Ordinal)];

    /// <summary>
    /// Whether moving a tenant from <paramref name="current"/> to <paramref name="wanted"/> changes
    /// anything (false: repeating an action is harmless and records nothing), or why it may not: a
    /// tenant being deleted can only be deleted.
    /// </summary>
    public static Outcome<bool> StateChange(string slug, TenantState current, TenantState wanted)
    {
        if (current == TenantState.Deleting && wanted != TenantState.Deleting)
        {
            return TenantProblems.BeingDeleted(slug);
        }

        return current != wanted;
    }

    /// <summary>The event action of an admin moving a tenant to <paramref name="state"/>.</summary>
    public static string StateAction(TenantState state) => state switch
    {
        TenantState.Suspended => TenantEventActions.Suspended,
        TenantState.Active => TenantEventActions.Resumed,
        TenantState.Deleting => TenantEventActions.DeleteRequested,
        _ => throw new ArgumentOutOfRangeException(nameof(state), state, "Admins suspend, resume or delete a tenant."),
    };

    /// <summary>A change of desired state: a new generation, reconciled at once from a clean slate.</summary>
    public static void Touch(Tenant row, string actor, DateTimeOffset now)
    {
        row.Generation++;
        row.UpdatedAt = now;
        row.UpdatedBy = actor;
        row.NextReconcileAt = now;
        row.FailedAttempts = 0;
    }

    /// <summary>The desired state after an action, as recorded in the event.</summary>
    public static object Snapshot(Tenant t) => new
    {
        t.Slug,
        t.Name,
        t.LsLoginGroup,
        State = t.State.ToString().ToLowerInvariant(),
        t.Quota,
        t.AllowedFlavors,
        Members = t.Members.Select(m => m.Subject).Order(StringComparer.Ordinal).ToList(),
        t.Generation,
    };
}
