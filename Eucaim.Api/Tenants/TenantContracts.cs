using Eucaim.Core.Tenants;

namespace Eucaim.Api.Tenants;

/// <summary>A quota as clients send it; without <c>scratchGib</c>, 20 GiB per concurrent job.</summary>
public sealed record QuotaRequest(int Gpus, int CpuCores, int MemoryGib, int StorageGib, int ConcurrentJobs, int MaxJobRuntimeMinutes, int? ScratchGib = null)
{
    public TenantQuota ToQuota() => new()
    {
        Gpus = Gpus,
        CpuCores = CpuCores,
        MemoryGib = MemoryGib,
        StorageGib = StorageGib,
        ScratchGib = ScratchGib ?? TenantQuota.DefaultScratchGib(ConcurrentJobs),
        ConcurrentJobs = ConcurrentJobs,
        MaxJobRuntimeMinutes = MaxJobRuntimeMinutes,
    };
}

/// <summary>A quota as clients read it (the same members as <see cref="QuotaRequest"/>).</summary>
public sealed record QuotaResponse(int Gpus, int CpuCores, int MemoryGib, int StorageGib, int ConcurrentJobs, int MaxJobRuntimeMinutes, int ScratchGib)
{
    public static QuotaResponse From(TenantQuota q) => new(q.Gpus, q.CpuCores, q.MemoryGib, q.StorageGib, q.ConcurrentJobs, q.MaxJobRuntimeMinutes, q.ScratchGib);
}

public sealed record CreateTenantRequest(
    string? Slug,
    string? Name,
    string? LsLoginGroup,
    QuotaRequest? Quota,
    List<string>? AllowedFlavors,
    List<string>? Members)
{
    public TenantDraft ToDraft() => new(Slug, Name, LsLoginGroup, Quota?.ToQuota(), AllowedFlavors, Members);
}

/// <summary>The whole desired state except the slug, which never changes.</summary>
public sealed record UpdateTenantRequest(
    string? Name,
    string? LsLoginGroup,
    QuotaRequest? Quota,
    List<string>? AllowedFlavors,
    List<string>? Members)
{
    public TenantDraft ToDraft() => new(null, Name, LsLoginGroup, Quota?.ToQuota(), AllowedFlavors, Members);
}

public sealed record ConditionResponse(string Type, bool Status, string Reason, string? Message, DateTimeOffset LastTransitionAt);

public sealed record TenantResponse(
    Guid Id,
    string Slug,
    string Name,
    string? LsLoginGroup,
    string State,
    QuotaResponse Quota,
    IReadOnlyList<string> AllowedFlavors,
    IReadOnlyList<string>? Members,
    string Namespace,
    string StoragePrefix,
    long Generation,
    long ObservedGeneration,
    IReadOnlyList<ConditionResponse> Conditions,
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
        QuotaResponse.From(t.Quota),
        [.. t.AllowedFlavors.Order(StringComparer.Ordinal)],
        withMembers ? [.. t.Members.Select(m => m.Subject).Order(StringComparer.Ordinal)] : null,
        TenantRules.Namespace(t.Slug),
        $"{Core.Storage.BlobContainers.Tenants}/{TenantRules.StoragePrefix(t.Slug)}",
        t.Generation,
        t.ObservedGeneration,
        [.. t.Conditions.OrderBy(c => c.Type, StringComparer.Ordinal)
            .Select(c => new ConditionResponse(c.Type, c.Status, c.Reason, c.Message, c.LastTransitionAt))],
        t.CreatedAt,
        t.UpdatedAt);
}

public sealed record TenantUsageResponse(string Slug, QuotaResponse Quota, long StorageBytes, long StorageQuotaBytes, int StorageObjects)
{
    public static TenantUsageResponse From(MeasureTenantUsage.Usage u) =>
        new(u.Tenant.Slug, QuotaResponse.From(u.Tenant.Quota), u.StorageBytes, u.StorageQuotaBytes, u.StorageObjects);
}

public sealed record TenantEventResponse(long Id, string Actor, string Action, string Detail, DateTimeOffset At)
{
    public static TenantEventResponse From(TenantEvent e) => new(e.Id, e.Actor, e.Action, e.Detail, e.At);
}
