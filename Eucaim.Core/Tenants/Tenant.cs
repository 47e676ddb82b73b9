namespace Eucaim.Core.Tenants;

/// <summary>
/// A bubble: a group of researchers with its own quotas, allowed flavors, compute namespace (or
/// local sandbox) and storage prefix. The row is the desired state the provisioner reconciles.
/// </summary>
public sealed class Tenant
{
    public Guid Id { get; set; }

    /// <summary>A DNS label (RFC 1123), unique and immutable: it names the namespace and the storage prefix.</summary>
    public required string Slug { get; set; }

    public required string Name { get; set; }

    /// <summary>The LS Login group URN whose members belong to the tenant, if any.</summary>
    public string? LsLoginGroup { get; set; }

    public TenantState State { get; set; }

    public required TenantQuota Quota { get; set; }

    /// <summary>Names of the flavors the tenant's jobs may use.</summary>
    public List<string> AllowedFlavors { get; set; } = [];

    public List<TenantMember> Members { get; set; } = [];

    public List<TenantCondition> Conditions { get; set; } = [];

    /// <summary>Increments on every change of the desired state, so the provisioner knows what it has applied.</summary>
    public long Generation { get; set; }

    /// <summary>The generation the provisioner last brought the backend to.</summary>
    public long ObservedGeneration { get; set; }

    /// <summary>When the provisioner should look at the tenant next (drift check or retry after backoff).</summary>
    public DateTimeOffset NextReconcileAt { get; set; }

    /// <summary>Consecutive failed reconciles: the exponent of the retry backoff.</summary>
    public int FailedAttempts { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public required string CreatedBy { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    public required string UpdatedBy { get; set; }

    public uint RowVersion { get; set; }
}
