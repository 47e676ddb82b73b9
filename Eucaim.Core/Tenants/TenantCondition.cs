namespace Eucaim.Core.Tenants;

/// <summary>
/// One observed fact about a tenant's provisioning, in the shape of Kubernetes status conditions:
/// <c>Provisioned</c>, <c>Ready</c>, <c>Degraded</c>, each true or false with a reason.
/// </summary>
public sealed class TenantCondition
{
    public Guid TenantId { get; set; }

    public required string Type { get; set; }

    public bool Status { get; set; }

    public required string Reason { get; set; }

    public string? Message { get; set; }

    public DateTimeOffset LastTransitionAt { get; set; }
}

public static class TenantConditionTypes
{
    /// <summary>Every object of the tenant exists in the backend as desired.</summary>
    public const string Provisioned = "Provisioned";

    /// <summary>Jobs may be dispatched to the tenant (provisioned, at the current generation, active).</summary>
    public const string Ready = "Ready";

    /// <summary>The last reconcile failed; the message says why and a retry is scheduled.</summary>
    public const string Degraded = "Degraded";
}
