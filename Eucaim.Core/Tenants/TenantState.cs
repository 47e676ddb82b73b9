namespace Eucaim.Core.Tenants;

/// <summary>What an admin wants of a tenant; the provisioner makes the backend follow.</summary>
public enum TenantState
{
    /// <summary>Jobs may run within the quota.</summary>
    Active,

    /// <summary>The quota is scaled to zero: nothing new runs, data stays.</summary>
    Suspended,

    /// <summary>Running jobs are stopped, then the namespace or sandbox is removed, then the row.</summary>
    Deleting,
}
