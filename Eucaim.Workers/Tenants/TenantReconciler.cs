using Eucaim.Core.Tenants;

namespace Eucaim.Workers.Tenants;

/// <summary>
/// One reconcile of one tenant: asks the backend to match the desired state, then records what
/// happened on the tenant itself (conditions, observed generation, next attempt with exponential
/// backoff) and as events. Knows nothing of the database, so it is tested against the fake API server.
/// </summary>
public sealed class TenantReconciler(ITenantBackend backend, TimeProvider clock)
{
    /// <summary>How often a healthy tenant is checked for drift.</summary>
    public static readonly TimeSpan Resync = TimeSpan.FromMinutes(5);

    /// <summary>How soon a tenant being removed is looked at again.</summary>
    public static readonly TimeSpan RemovalPoll = TimeSpan.FromSeconds(5);

    public static readonly TimeSpan MaxBackoff = TimeSpan.FromMinutes(5);

    /// <summary>Reconciles the tenant in place; returns the events to record and whether the row may now be deleted.</summary>
    public async Task<ReconcileResult> ReconcileAsync(Tenant tenant, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var events = new List<TenantEvent>();
        try
        {
            if (tenant.State == TenantState.Deleting)
            {
                SetCondition(tenant, TenantConditionTypes.Ready, false, "Deleting", "Jobs are stopped and the tenant is removed.", now);
                var removed = await backend.RemoveAsync(tenant.Slug, cancellationToken);
                Succeeded(tenant, now, removed ? Resync : RemovalPoll);
                if (removed)
                {
                    events.Add(TenantEventActions.For(tenant, TenantEventActions.ProvisionerActor, TenantEventActions.Deprovisioned, new { tenant.Generation }, now));
                }

                return new ReconcileResult(events, Removed: removed);
            }

            var outcome = await backend.ApplyAsync(TenantSpec.From(tenant), cancellationToken);
            SetCondition(tenant, TenantConditionTypes.Provisioned, true, "Applied", null, now);
            SetCondition(tenant, TenantConditionTypes.Degraded, false, "Applied", null, now);
            SetCondition(tenant, TenantConditionTypes.Ready, tenant.State == TenantState.Active,
                tenant.State == TenantState.Active ? "Active" : "Suspended",
                tenant.State == TenantState.Active ? null : "The quota is scaled to zero while the tenant is suspended.", now);
            Succeeded(tenant, now, Resync);
            if (outcome.Changed.Count > 0)
            {
                events.Add(TenantEventActions.For(tenant, TenantEventActions.ProvisionerActor, TenantEventActions.Provisioned,
                    new { tenant.Generation, outcome.Changed }, now));
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // Whatever was half-done stays visible: the tenant is not Ready until a reconcile completes.
            tenant.FailedAttempts++;
            var message = ex.Message.Length > 1000 ? ex.Message[..1000] : ex.Message;
            SetCondition(tenant, TenantConditionTypes.Degraded, true, "BackendError", message, now);
            SetCondition(tenant, TenantConditionTypes.Provisioned, false, "BackendError", message, now);
            SetCondition(tenant, TenantConditionTypes.Ready, false, "BackendError", message, now);
            tenant.NextReconcileAt = now + Backoff(tenant.FailedAttempts);
            events.Add(TenantEventActions.For(tenant, TenantEventActions.ProvisionerActor, TenantEventActions.ProvisioningFailed,
                new { tenant.Generation, tenant.FailedAttempts, error = ex.GetType().Name, message }, now));
        }

        return new ReconcileResult(events, Removed: false);
    }

    /// <summary>2 s, 4 s, 8 s… capped at <see cref="MaxBackoff"/>.</summary>
    public static TimeSpan Backoff(int failedAttempts) =>
        TimeSpan.FromSeconds(Math.Min(MaxBackoff.TotalSeconds, Math.Pow(2, Math.Min(failedAttempts, 20))));

    private static void Succeeded(Tenant tenant, DateTimeOffset now, TimeSpan next)
    {
        tenant.ObservedGeneration = tenant.Generation;
        tenant.FailedAttempts = 0;
        tenant.NextReconcileAt = now + next;
    }

    /// <summary>Keeps the transition time when the status does not change, as Kubernetes conditions do.</summary>
    private static void SetCondition(Tenant tenant, string type, bool status, string reason, string? message, DateTimeOffset now)
    {
        var condition = tenant.Conditions.FirstOrDefault(c => c.Type == type);
        if (condition is null)
        {
            tenant.Conditions.Add(new TenantCondition { TenantId = tenant.Id, Type = type, Status = status, Reason = reason, Message = message, LastTransitionAt = now });
            return;
        }

        if (condition.Status != status)
        {
            condition.LastTransitionAt = now;
        }

        condition.Status = status;
        condition.Reason = reason;
        condition.Message = message;
    }
}

public sealed record ReconcileResult(IReadOnlyList<TenantEvent> Events, bool Removed);
