using System.Text.Json;

namespace Eucaim.Core.Tenants;

/// <summary>The actions recorded in <c>tenant_events</c>, and a helper that builds a row.</summary>
public static class TenantEventActions
{
    public const string Created = "tenant.created";
    public const string Updated = "tenant.updated";
    public const string Suspended = "tenant.suspended";
    public const string Resumed = "tenant.resumed";
    public const string DeleteRequested = "tenant.delete-requested";
    public const string Provisioned = "provisioning.succeeded";
    public const string ProvisioningFailed = "provisioning.failed";
    public const string Deprovisioned = "provisioning.removed";

    /// <summary>The actor of events the provisioner records.</summary>
    public const string ProvisionerActor = "system:provisioner";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static TenantEvent For(Tenant tenant, string actor, string action, object detail, DateTimeOffset at) => new()
    {
        TenantId = tenant.Id,
        TenantSlug = tenant.Slug,
        Actor = actor,
        Action = action,
        Detail = JsonSerializer.Serialize(detail, Json),
        At = at,
    };
}
