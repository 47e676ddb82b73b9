using System.Text.Json;
using Eucaim.Core.Tenants;
using Eucaim.Workers.Tenants;

namespace Eucaim.Tenants.Tests;

/// <summary>The local topology's backend: one sandbox folder per tenant with the quota the dispatcher enforces.</summary>
public sealed class LocalSandboxBackendTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), $"eucaim-sandboxes-{Guid.NewGuid():N}");

    [Fact]
    public async Task A_tenant_gets_a_sandbox_once_suspension_zeroes_its_quota_and_deletion_removes_it()
    {
        var backend = new LocalSandboxBackend(_root);
        var reconciler = new TenantReconciler(backend, TimeProvider.System);
        var tenant = TestTenants.Tenant("tenant-b");

        await reconciler.ReconcileAsync(tenant, CancellationToken.None);
        Assert.True(Directory.Exists(Path.Combine(_root, "tenant-b", "home")));
        Assert.True(Directory.Exists(Path.Combine(_root, "tenant-b", "outputs")));
        Assert.Equal(4, Quota(tenant.Slug).GetProperty("gpus").GetInt32());
        Assert.True(tenant.Conditions.Single(c => c.Type == TenantConditionTypes.Ready).Status);

        Assert.Empty((await backend.ApplyAsync(TenantSpec.From(tenant), CancellationToken.None)).Changed);

        tenant.State = TenantState.Suspended;
        await reconciler.ReconcileAsync(tenant, CancellationToken.None);
        Assert.Equal(0, Quota(tenant.Slug).GetProperty("gpus").GetInt32());
        Assert.Equal(500, Quota(tenant.Slug).GetProperty("storageGib").GetInt32());

        tenant.State = TenantState.Deleting;
        var removed = await reconciler.ReconcileAsync(tenant, CancellationToken.None);
        Assert.True(removed.Removed);
        Assert.False(Directory.Exists(Path.Combine(_root, "tenant-b")));
    }

    public void Dispose()
    {
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }

    private JsonElement Quota(string slug) =>
        JsonDocument.Parse(File.ReadAllText(Path.Combine(_root, slug, "quota.json"))).RootElement.GetProperty("quota").Clone();
}
