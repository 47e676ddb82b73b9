using Eucaim.Core.Identity;
using Eucaim.Core.Jobs;
using Eucaim.Core.Tenants;

namespace Eucaim.Core.Tests.Jobs;

/// <summary>A tenant, a flavor, an image and a valid draft that every job rule accepts; each test breaks one thing.</summary>
internal static class JobFixtures
{
    public static readonly DateTimeOffset Now = new(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);
    public static readonly Guid DatasetA = Guid.Parse("0195d3a4-5b6c-7d8e-9f00-1122334455aa");
    public static readonly Guid DatasetB = Guid.Parse("0195d3a4-5b6c-7d8e-9f00-1122334455bb");

    public static Tenant Tenant(TenantState state = TenantState.Active, int gpus = 2, int concurrentJobs = 2, int maxRuntime = 240) => new()
    {
        Id = Guid.Parse("0195d3a4-0000-7000-8000-00000000000a"),
        Slug = "tenant-a",
        Name = "Tenant A",
        State = state,
        Quota = new TenantQuota { Gpus = gpus, CpuCores = 8, MemoryGib = 32, StorageGib = 10, ConcurrentJobs = concurrentJobs, MaxJobRuntimeMinutes = maxRuntime },
        AllowedFlavors = ["small-gpu"],
        Members = [new TenantMember { Subject = "member-sub", AddedBy = "admin" }],
        CreatedBy = "admin",
        UpdatedBy = "admin",
    };

    public static Flavor Flavor(string name = "small-gpu", int gpus = 1, int maxRuntime = 120) =>
        new() { Name = name, CpuMillicores = 2000, MemoryMib = 4096, GpuCount = gpus, GpuType = "nvidia", MaxRuntimeMinutes = maxRuntime };

    public static JobImage Image() => new() { Reference = "registry.example.org/team/model:1.2", Digest = null, CreatedBy = "admin" };

    public static JobDraft Draft() => new("tenant-a", "train-1", "registry.example.org/team/model:1.2", ["python"], ["train.py"],
        new Dictionary<string, string> { ["EPOCHS"] = "3" }, "small-gpu", [DatasetA], 60, DryRun: false);

    public static JobAdmission.Facts Facts() => new(Image(), Flavor(), [new ActiveGrant(Guid.NewGuid(), 2)], Queued: 0);

    public static PlatformIdentity Caller(string? subject, string[]? roles = null, string[]? holds = null, string[]? tenants = null) =>
        new(subject, null, null, new HashSet<string>(roles ?? []), new HashSet<string>(holds ?? []), new HashSet<string>(tenants ?? []));
}
