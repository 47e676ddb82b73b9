using Eucaim.Core.Tenants;

namespace Eucaim.Workers.Tenants;

/// <summary>What a backend must make of a tenant: the slice of the row that provisioning depends on.</summary>
public sealed record TenantSpec(string Slug, TenantState State, TenantQuota Quota)
{
    public static TenantSpec From(Tenant tenant) => new(tenant.Slug, tenant.State, tenant.Quota);

    /// <summary>The quota the backend enforces: zero for compute while suspended.</summary>
    public TenantQuota EffectiveQuota => State == TenantState.Active ? Quota : Quota.Suspended();
}
