namespace Eucaim.Core.Tenants;

/// <summary>
/// Something that happened to a tenant: an admin action (who, what, the new desired state) or a
/// provisioner observation. Append-only; the audit log issue adopts these rows (actor, action,
/// subject, detail as JSON, time), so the columns follow that shape.
/// </summary>
public sealed class TenantEvent
{
    public long Id { get; set; }

    public Guid TenantId { get; set; }

    /// <summary>The slug at the time, so events stay readable after the tenant row is gone.</summary>
    public required string TenantSlug { get; set; }

    /// <summary>The subject of the admin, or <c>system:provisioner</c>.</summary>
    public required string Actor { get; set; }

    /// <summary>A dotted verb, e.g. <c>tenant.created</c>, <c>tenant.suspended</c>, <c>provisioning.failed</c>.</summary>
    public required string Action { get; set; }

    /// <summary>JSON: the desired state after an admin action, or the error of a failed reconcile.</summary>
    public required string Detail { get; set; }

    public DateTimeOffset At { get; set; }
}
