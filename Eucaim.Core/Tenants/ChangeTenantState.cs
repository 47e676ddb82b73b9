using Eucaim.Core.Data;
using Eucaim.Core.Identity;
using Eucaim.Core.Platform;

namespace Eucaim.Core.Tenants;

/// <summary>
/// An admin suspends (compute quota to zero), resumes or deletes a tenant. Deleting marks it: the
/// provisioner stops its jobs, removes its namespace or sandbox, then the row. Repeating an action
/// changes and records nothing.
/// </summary>
public sealed class ChangeTenantState(UnitOfWork uow)
{
    public Task<Outcome<Tenant>> RunAsync(Actor actor, string key, TenantState state, CancellationToken cancellationToken)
    {
        var action = TenantChangeRules.StateAction(state);
        return TenantAdminEvents.RetryOnConflictAsync(() => uow.RunAsync<Tenant>(async (scope, ct) =>
        {
            var row = await TenantLookup.FindVisibleAsync(scope.Db, actor.Identity, key, tracking: true, ct);
            if (row is null)
            {
                return TenantProblems.TenantNotFound(key);
            }

            var change = TenantChangeRules.StateChange(row.Slug, row.State, state);
            if (!change.Succeeded)
            {
                return change.Problem;
            }

            if (change.Value)
            {
                row.State = state;
                TenantChangeRules.Touch(row, actor.Subject, scope.Now);
                await TenantAdminEvents.RecordAsync(scope, row, actor.Subject, action, ct);
            }

            return row;
        }, cancellationToken));
    }
}
