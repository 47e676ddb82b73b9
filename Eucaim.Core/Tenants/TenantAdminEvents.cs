using Eucaim.Core.Platform;
using Eucaim.Core.Audit;
using Eucaim.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace Eucaim.Core.Tenants;

/// <summary>
/// What every admin change of a tenant leaves behind in its transaction: a <see cref="TenantEvent"/>
/// with the new desired state, the matching audit entry, and the notification that wakes the
/// provisioner (a hint: a lost one only delays provisioning until the next poll).
/// </summary>
internal static class TenantAdminEvents
{
    public static async Task RecordAsync(UnitOfWorkScope scope, Tenant tenant, string actor, string action, CancellationToken cancellationToken)
    {
        var change = TenantEventActions.For(tenant, actor, action, TenantChangeRules.Snapshot(tenant), scope.Now);
        scope.Db.TenantEvents.Add(change);
        scope.Audit(Audit(change));
        await TenantChanges.NotifyAsync(scope.Db, tenant.Slug, cancellationToken);
    }

    /// <summary>The audit entry of an admin's tenant event: who, which action, the desired state.</summary>
    public static AuditEntry Audit(TenantEvent change) => new(AuditActions.TenantAdminAction, change.Actor)
    {
        TenantSlug = change.TenantSlug,
        TargetType = "tenant",
        TargetId = change.TenantId.ToString(),
        Details = new Dictionary<string, string?> { ["action"] = change.Action, ["state"] = change.Detail },
    };

    /// <summary>
    /// The provisioner writes status on the same row (guarded by xmin): when it did so between our
    /// read and our save, the change is read and applied again rather than failed.
    /// </summary>
    /// <remarks>
    /// Admins racing each other on one tenant can lose five times in a row: then the caller gets a
    /// 409 to retry, never a 500.
    /// </remarks>
    public static async Task<Outcome<T>> RetryOnConflictAsync<T>(Func<Task<Outcome<T>>> change)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await change();
            }
            catch (DbUpdateConcurrencyException) when (attempt < 5)
            {
                // The unit of work has cleared the change tracker; the next attempt reads the row anew.
            }
            catch (DbUpdateConcurrencyException)
            {
                return TenantProblems.Conflict("The tenant was changed by someone else at the same time; read it again and retry.");
            }
        }
    }
}
