namespace Eucaim.Core.Tenants;

/// <summary>The resources a tenant may hold at once. Stored inline with the tenant.</summary>
public sealed class TenantQuota
{
    public int Gpus { get; set; }

    /// <summary>CPU cores (requests).</summary>
    public int CpuCores { get; set; }

    /// <summary>Memory (limits), in GiB.</summary>
    public int MemoryGib { get; set; }

    /// <summary>Blob storage under the tenant's prefix, in GiB.</summary>
    public int StorageGib { get; set; }

    public int ConcurrentJobs { get; set; }

    public int MaxJobRuntimeMinutes { get; set; }

    /// <summary>A suspended tenant's quota: nothing may run. Storage is kept so data is not lost.</summary>
    public TenantQuota Suspended() => new()
    {
        StorageGib = StorageGib,
        MaxJobRuntimeMinutes = MaxJobRuntimeMinutes,
    };
}
