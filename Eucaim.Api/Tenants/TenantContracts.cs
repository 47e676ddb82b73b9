using Eucaim.Core.Tenants;

namespace Eucaim.Api.Tenants;

/// <summary>A quota as clients send and read it.</summary>
public sealed record QuotaDto(int Gpus, int CpuCores, int MemoryGib, int StorageGib, int ConcurrentJobs, int MaxJobRuntimeMinutes)
{
    public TenantQuota ToQuota() => new()
    {
        Gpus = Gpus,
        CpuCores = CpuCores,
        MemoryGib = MemoryGib,
        StorageGib = StorageGib,
        ConcurrentJobs = ConcurrentJobs,
        MaxJobRuntimeMinutes = MaxJobRuntimeMinutes,
    };

    public static QuotaDto From(TenantQuota q) => new(q.Gpus, q.CpuCores, q.MemoryGib, q.StorageGib, q.ConcurrentJobs, q.MaxJobRuntimeMinutes);
}

public sealed record CreateTenantRequest(
    string? Slug,
    string? Name,
    string? LsLoginGroup,
    QuotaDto? Quota,
    List<string>? AllowedFlavors,
    List<string>? Members);

/// <summary>The whole desired state except the slug, which never changes.</summary>
public sealed record UpdateTenantRequest(
    string? Name,
    string? LsLoginGroup,
    QuotaDto? Quota,
    List<string>? AllowedFlavors,
    List<string>? Members);

public sealed record ConditionDto(string Type, bool Status, string Reason, string? Message, DateTimeOffset LastTransitionAt);

public sealed record TenantResponse(
    Guid Id,
    string Slug,
    string Name,
    string? LsLoginGroup,
    string State,
    QuotaDto Quota,
    IReadOnlyList<string> AllowedFlavors,
    IReadOnlyList<string>? Members,
    string Namespace,
    string StoragePrefix,
    long Generation,
    long ObservedGeneration,
    IReadOnlyList<ConditionDto> Conditions,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt)
{
    /// <summary>Members' subjects are shown to admins only: a researcher learns their tenant, not who else is in it.</summary>
    public static TenantResponse From(Tenant t, bool withMembers) => new(
        t.Id,
        t.Slug,
        t.Name,
        t.LsLoginGroup,
        t.State.ToString().ToLowerInvariant(),
        QuotaDto.From(t.Quota),
        [.. t.AllowedFlavors.Order(StringComparer.Ordinal)],
        withMembers ? [.. t.Members.Select(m => m.Subject).Order(StringComparer.Ordinal)] : null,
        TenantRules.Namespace(t.Slug),
        $"{Core.Storage.BlobContainers.Tenants}/{TenantRules.StoragePrefix(t.Slug)}",
        t.Generation,
        t.ObservedGeneration,
        [.. t.Conditions.OrderBy(c => c.Type, StringComparer.Ordinal)
            .Select(c => new ConditionDto(c.Type, c.Status, c.Reason, c.Message, c.LastTransitionAt))],
        t.CreatedAt,
        t.UpdatedAt);
}

public sealed record TenantUsageResponse(string Slug, QuotaDto Quota, long StorageBytes, long StorageQuotaBytes, int StorageObjects);

public sealed record TenantEventResponse(long Id, string Actor, string Action, string Detail, DateTimeOffset At);
