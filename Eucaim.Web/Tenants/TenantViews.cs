namespace Eucaim.Web.Tenants;

/// <summary>A tenant as the API's <c>/api/tenants</c> describes it (the fields the portal shows).</summary>
public sealed record TenantView(
    Guid Id,
    string Slug,
    string Name,
    string? LsLoginGroup,
    string State,
    QuotaView Quota,
    IReadOnlyList<string> AllowedFlavors,
    IReadOnlyList<string>? Members,
    DateTimeOffset CreatedAt,
    string? Namespace = null,
    long Generation = 0,
    long ObservedGeneration = 0,
    IReadOnlyList<ConditionView>? Conditions = null);

public sealed record QuotaView(int Gpus, int CpuCores, int MemoryGib, int StorageGib, int ConcurrentJobs, int MaxJobRuntimeMinutes, int ScratchGib);

/// <summary>A provisioning condition of a tenant (Ready, NamespaceReady…), as the provisioner last reported it.</summary>
public sealed record ConditionView(string Type, bool Status, string Reason, string? Message, DateTimeOffset LastTransitionAt);

/// <summary>What a tenant uses of its quota (<c>/api/tenants/{slug}/usage</c>).</summary>
public sealed record TenantUsageView(long StorageBytes, long StorageQuotaBytes, int StorageObjects);

/// <summary>An admin action or provisioning step on a tenant (<c>/api/tenants/{slug}/events</c>).</summary>
public sealed record TenantEventView(long Id, string Actor, string Action, string Detail, DateTimeOffset At);

/// <summary>A compute flavor (<c>/api/flavors</c>).</summary>
public sealed record FlavorView(
    string Name,
    string? Description,
    int CpuMillicores,
    int MemoryMib,
    int GpuCount,
    string? GpuType,
    IReadOnlyList<string>? NodeSelector = null,
    IReadOnlyList<string>? Tolerations = null,
    int MaxRuntimeMinutes = 0,
    int EphemeralStorageGib = 0,
    int SharedMemoryMib = 0,
    string? RuntimeClassName = null);

/// <summary>Someone who has signed in to the platform (<c>/api/users</c>, admins only).</summary>
public sealed record UserView(string Subject, string Issuer, string? Name, string? Email, DateTimeOffset FirstSeenAt, DateTimeOffset LastSeenAt);

