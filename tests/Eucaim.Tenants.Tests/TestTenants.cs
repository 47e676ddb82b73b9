using Eucaim.Core.Jobs;
using Eucaim.Core.Tenants;
using Eucaim.Workers.Jobs;
using Eucaim.Workers.Tenants;
using Eucaim.Workers.Tenants.Kubernetes;

namespace Eucaim.Tenants.Tests;

internal static class TestTenants
{
    public static TenantQuota Quota() => new() { Gpus = 4, CpuCores = 32, MemoryGib = 128, StorageGib = 500, ScratchGib = 200, ConcurrentJobs = 3, MaxJobRuntimeMinutes = 1440 };

    public static TenantSpec Spec(string slug = "tenant-a", TenantState state = TenantState.Active) => new(slug, state, Quota());

    public static Tenant Tenant(string slug = "tenant-a") => new()
    {
        Id = Guid.NewGuid(),
        Slug = slug,
        Name = slug,
        Quota = Quota(),
        Generation = 1,
        CreatedBy = "alba",
        UpdatedBy = "alba",
    };

    public static KubernetesBackendOptions Options() => new() { StorageCidrs = ["10.20.0.0/24"], StoragePort = 443 };

    /// <summary>Job pods as the default job settings size their helpers.</summary>
    public static PodBudget Budget() => new KubernetesJobsOptions().Budget();

    public static TenantManifests Manifests() => new(Options(), Budget());

    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    private static string FindRepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Eucaim.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"No Eucaim.sln above {AppContext.BaseDirectory}.");
    }
}
