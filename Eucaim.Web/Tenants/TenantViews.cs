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
    DateTimeOffset CreatedAt);

public sealed record QuotaView(int Gpus, int CpuCores, int MemoryGib, int StorageGib, int ConcurrentJobs, int MaxJobRuntimeMinutes, int ScratchGib);

/// <summary>A compute flavor (<c>/api/flavors</c>).</summary>
public sealed record FlavorView(string Name, string? Description, int CpuMillicores, int MemoryMib, int GpuCount, string? GpuType);

/// <summary>Someone who has signed in to the platform (<c>/api/users</c>, admins only).</summary>
public sealed record UserView(string Subject, string Issuer, string? Name, string? Email, DateTimeOffset FirstSeenAt, DateTimeOffset LastSeenAt);
