namespace Eucaim.Core.Tenants;

/// <summary>The resources a tenant may hold at once. Stored inline with the tenant.</summary>
public sealed class TenantQuota
{
    public int Gpus { get; set; }

    /// <summary>CPU cores of the job containers (requests equal limits).</summary>
    public int CpuCores { get; set; }

    /// <summary>Memory of the job containers (requests equal limits), in GiB.</summary>
    public int MemoryGib { get; set; }

    /// <summary>Blob storage under the tenant's prefix, in GiB.</summary>
    public int StorageGib { get; set; }

    /// <summary>Scratch (ephemeral storage on the nodes) the tenant's running jobs may hold together, in GiB.</summary>
    public int ScratchGib { get; set; }

    public int ConcurrentJobs { get; set; }

    public int MaxJobRuntimeMinutes { get; set; }

    /// <summary>
    /// The scratch quota of a tenant created without one: every concurrent job with a flavor's
    /// default scratch, so that the quotas of clients that predate it keep admitting what they did.
    /// </summary>
    public static int DefaultScratchGib(int concurrentJobs) =>
        (int)Math.Clamp((long)concurrentJobs * FlavorRules.DefaultEphemeralStorageGib, 0, TenantRules.MaxScratchGib);

    /// <summary>A suspended tenant's quota: nothing may run. Storage is kept so data is not lost.</summary>
    public TenantQuota Suspended() => new()
    {
        StorageGib = StorageGib,
        MaxJobRuntimeMinutes = MaxJobRuntimeMinutes,
    };
}
