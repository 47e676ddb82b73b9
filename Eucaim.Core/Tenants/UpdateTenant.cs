using Eucaim.Core.Data;
using Eucaim.Core.Identity;
using Eucaim.Core.Platform;

namespace Eucaim.Core.Tenants;

/// <summary>An admin replaces a tenant's desired state (all but the slug): a new generation to provision.</summary>
public sealed class UpdateTenant(UnitOfWork uow)
{
    public async Task<Outcome<Tenant>> RunAsync(Actor actor, string key, TenantDraft draft, CancellationToken cancellationToken)
    {
        var errors = TenantChangeRules.Validate(draft, creating: false, await TenantFlavors.KnownAsync(uow.Db, draft.AllowedFlavors, cancellationToken));
        if (errors.Count > 0 || draft is not { Name: { } name, Quota: { } quota })
        {
            return TenantProblems.Invalid(errors);
        }

        return await TenantAdminEvents.RetryOnConflictAsync(() => uow.RunAsync<Tenant>(async (scope, ct) =>
        {
            var row = await TenantLookup.FindVisibleAsync(scope.Db, actor.Identity, key, tracking: true, ct);
            if (row is null)
            {
                return TenantProblems.TenantNotFound(key);
            }

            if (row.State == TenantState.Deleting)
            {
                return TenantProblems.BeingDeleted(row.Slug);
            }

            var now = scope.Now;
            row.Name = name.Trim();
            row.LsLoginGroup = draft.LsLoginGroup;
            row.Quota = quota;
            row.AllowedFlavors = TenantChangeRules.Distinct(draft.AllowedFlavors);
            var wanted = TenantChangeRules.Distinct(draft.Members).ToHashSet(StringComparer.Ordinal);
            row.Members.RemoveAll(m => !wanted.Contains(m.Subject));
            foreach (var subject in wanted.Where(s => row.Members.All(m => m.Subject != s)))
            {
                row.Members.Add(new TenantMember { TenantId = row.Id, Subject = subject, AddedAt = now, AddedBy = actor.Subject });
            }

            TenantChangeRules.Touch(row, actor.Subject, now);
            await TenantAdminEvents.RecordAsync(scope, row, actor.Subject, TenantEventActions.Updated, ct);
            return row;
        }, cancellationToken));
    }
}
