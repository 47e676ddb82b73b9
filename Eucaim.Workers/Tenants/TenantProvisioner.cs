using Eucaim.Core.Contracts;
using Eucaim.Core.Data;
using Eucaim.Core.Tenants;
using Eucaim.Workers.Platform;
using Microsoft.EntityFrameworkCore;

namespace Eucaim.Workers.Tenants;

/// <summary>
/// The reconcile loop: desired state in PostgreSQL, observed state in the backend. Wakes on
/// <c>NOTIFY tenant_changed</c> or every poll interval, reconciles due tenants one at a time, and
/// never lets one tenant's failure stop the others. Only the Workers replica holding the
/// <see cref="LeaseNames.TenantProvisioner"/> lease reconciles, so two never write the same tenant's objects.
/// </summary>
internal sealed class TenantProvisioner(
    IServiceScopeFactory scopes,
    ComputeOptions options,
    Leadership leadership,
    TimeProvider clock,
    ILogger<TenantProvisioner> logger) : WorkerLoop(logger, clock, leadership.For(LeaseNames.TenantProvisioner))
{
    protected override TimeSpan Interval => options.PollInterval;

    protected override Task ListenAsync(CancellationToken stoppingToken) => ListenToChannelAsync(scopes, NotificationChannels.TenantChanged, stoppingToken);

    /// <summary>Reconciles one due tenant; true when there was one, so every due tenant is reconciled before waiting.</summary>
    protected override Task<bool> RunOnceAsync(CancellationToken cancellationToken) => ReconcileNextAsync(cancellationToken);

    /// <summary>Reconciles the most overdue tenant, if any is due; false when none is.</summary>
    private async Task<bool> ReconcileNextAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<EucaimDbContext>();
        var now = Time.GetUtcNow();
        var tenant = await db.Tenants.Include(t => t.Conditions).Include(t => t.Members).AsSplitQuery()
            .Where(t => t.NextReconcileAt <= now)
            .OrderBy(t => t.NextReconcileAt)
            .FirstOrDefaultAsync(cancellationToken);
        if (tenant is null)
        {
            return false;
        }

        var reconciler = scope.ServiceProvider.GetRequiredService<TenantReconciler>();
        var result = await reconciler.ReconcileAsync(tenant, cancellationToken);
        db.TenantEvents.AddRange(result.Events);
        if (result.Removed)
        {
            db.Tenants.Remove(tenant);
        }

        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            // An admin changed the tenant meanwhile: its new generation is due now and is reconciled next.
            Logger.LogInformation("Tenant {Slug} changed during reconcile; retrying with its new state.", tenant.Slug);
        }

        return true;
    }
}
