using System.Net;
using System.Net.Http.Json;
using Eucaim.Platform.Tests.Identity;
using static Eucaim.Platform.Tests.Tenants.TenantRequests;

namespace Eucaim.Platform.Tests.Tenants;

/// <summary>Bad tenant and flavor input is refused with a 400 problem naming the field.</summary>
[Collection(PlatformCollection.Name)]
public sealed class TenantValidationTests(PlatformFixture fixture)
{
    private PlatformRun Platform => fixture.Platform;

    public static TheoryData<string, object> BadTenants => new()
    {
        { "slug", Tenant("Tenant_A") },
        { "slug", Tenant("-leading-dash") },
        { "slug", Tenant("trailing-dash-") },
        { "slug", Tenant("9starts-with-digit") },
        { "slug", Tenant(new string('a', 57)) },
        { "slug", Tenant("") },
        { "name", Tenant("no-name", name: " ") },
        { "lsLoginGroup", Tenant("bad-group", lsLoginGroup: "tenants:bad group") },
        { "quota.gpus", Tenant("negative-gpus", quota: Quota(gpus: -1)) },
        { "quota.cpuCores", Tenant("negative-cpu", quota: Quota(cpuCores: -4)) },
        { "quota.memoryGib", Tenant("absurd-memory", quota: Quota(memoryGib: 10_000_000)) },
        { "quota.storageGib", Tenant("absurd-storage", quota: Quota(storageGib: int.MaxValue)) },
        { "quota.concurrentJobs", Tenant("absurd-jobs", quota: Quota(concurrentJobs: 100_000)) },
        { "quota.maxJobRuntimeMinutes", Tenant("zero-runtime", quota: Quota(maxJobRuntimeMinutes: 0)) },
        { "quota.scratchGib", Tenant("negative-scratch", quota: new { gpus = 1, cpuCores = 4, memoryGib = 8, storageGib = 10, scratchGib = -1, concurrentJobs = 1, maxJobRuntimeMinutes = 60 }) },
        { "allowedFlavors", Tenant("unknown-flavor", allowedFlavors: ["no-such-flavor"]) },
        { "quota", new { slug = "no-quota", name = "No quota" } },
    };

    [Theory]
    [MemberData(nameof(BadTenants))]
    public async Task A_bad_tenant_is_refused_naming_the_field(string field, object body)
    {
        using var alba = await Platform.CreateApiClientForAsync("alba");

        var problem = await ReadAsync(await alba.PostAsJsonAsync("/api/tenants", body), HttpStatusCode.BadRequest);

        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), $"no error for {field}: {problem}");
        Assert.Equal(400, problem.GetProperty("status").GetInt32());
    }

    [Fact]
    public async Task A_duplicate_slug_is_refused()
    {
        using var alba = await Platform.CreateApiClientForAsync("alba");
        var slug = $"duplicate-{Guid.NewGuid():N}"[..20];
        await ReadAsync(await alba.PostAsJsonAsync("/api/tenants", Tenant(slug)), HttpStatusCode.Created);

        var problem = await ReadAsync(await alba.PostAsJsonAsync("/api/tenants", Tenant(slug, name: "Another")), HttpStatusCode.BadRequest);

        Assert.Equal("slug", problem.GetProperty("field").GetString());
    }

    [Fact]
    public async Task A_bad_update_is_refused_and_changes_nothing()
    {
        using var alba = await Platform.CreateApiClientForAsync("alba");
        var before = await EnsureTenantAsync(alba, "tenant-b");

        var problem = await ReadAsync(await alba.PutAsJsonAsync("/api/tenants/tenant-b", new
        {
            name = "Tenant B",
            quota = Quota(gpus: -3),
            allowedFlavors = new[] { "no-such-flavor" },
        }), HttpStatusCode.BadRequest);

        Assert.True(problem.GetProperty("errors").TryGetProperty("quota.gpus", out _));
        Assert.True(problem.GetProperty("errors").TryGetProperty("allowedFlavors", out _));
        var after = await ReadAsync(await alba.GetAsync("/api/tenants/tenant-b"), HttpStatusCode.OK);
        Assert.Equal(before.GetProperty("generation").GetInt64(), after.GetProperty("generation").GetInt64());
    }

    public static TheoryData<string, object> BadFlavors => new()
    {
        { "name", new { name = "Large_GPU", cpuMillicores = 1000, memoryMib = 1024, maxRuntimeMinutes = 60 } },
        { "cpuMillicores", new { name = "no-cpu", cpuMillicores = 0, memoryMib = 1024, maxRuntimeMinutes = 60 } },
        { "memoryMib", new { name = "absurd-memory", cpuMillicores = 1000, memoryMib = int.MaxValue, maxRuntimeMinutes = 60 } },
        { "gpuCount", new { name = "negative-gpu", cpuMillicores = 1000, memoryMib = 1024, gpuCount = -1, maxRuntimeMinutes = 60 } },
        { "gpuType", new { name = "untyped-gpu", cpuMillicores = 1000, memoryMib = 1024, gpuCount = 1, maxRuntimeMinutes = 60 } },
        { "tolerations", new { name = "bad-toleration", cpuMillicores = 1000, memoryMib = 1024, tolerations = new[] { "nvidia.com/gpu:Sometimes" }, maxRuntimeMinutes = 60 } },
        { "nodeSelector", new { name = "bad-selector", cpuMillicores = 1000, memoryMib = 1024, nodeSelector = new[] { "no equals sign" }, maxRuntimeMinutes = 60 } },
        { "maxRuntimeMinutes", new { name = "no-runtime", cpuMillicores = 1000, memoryMib = 1024, maxRuntimeMinutes = -5 } },
        { "ephemeralStorageGib", new { name = "no-scratch", cpuMillicores = 1000, memoryMib = 1024, ephemeralStorageGib = 0, maxRuntimeMinutes = 60 } },
        { "sharedMemoryMib", new { name = "shm-over-memory", cpuMillicores = 1000, memoryMib = 1024, sharedMemoryMib = 2048, maxRuntimeMinutes = 60 } },
        { "runtimeClassName", new { name = "bad-runtime", cpuMillicores = 1000, memoryMib = 1024, runtimeClassName = "Not A Class", maxRuntimeMinutes = 60 } },
        { "gpuType", new { name = "spaced-gpu", cpuMillicores = 1000, memoryMib = 1024, gpuCount = 1, gpuType = "NVIDIA A100 80GB", maxRuntimeMinutes = 60 } },
    };

    [Theory]
    [MemberData(nameof(BadFlavors))]
    public async Task A_bad_flavor_is_refused_naming_the_field(string field, object body)
    {
        using var alba = await Platform.CreateApiClientForAsync("alba");

        var problem = await ReadAsync(await alba.PostAsJsonAsync("/api/flavors", body), HttpStatusCode.BadRequest);

        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), $"no error for {field}: {problem}");
    }

    [Fact]
    public async Task Flavors_are_managed_by_admins_and_read_by_everyone_signed_in()
    {
        using var alba = await Platform.CreateApiClientForAsync("alba");
        await EnsureFlavorAsync(alba, "large-gpu", 4);
        using var rita = await Platform.CreateApiClientForAsync("rita");

        var flavor = await ReadAsync(await rita.GetAsync("/api/flavors/large-gpu"), HttpStatusCode.OK);
        Assert.Equal(4, flavor.GetProperty("gpuCount").GetInt32());
        Assert.Equal("NVIDIA-A100-SXM4-80GB", flavor.GetProperty("gpuType").GetString());
        // Left out, the pod sizes take their defaults: 20 GiB of scratch, /dev/shm by memory, the platform's GPU runtime class.
        Assert.Equal((20, 0), (flavor.GetProperty("ephemeralStorageGib").GetInt32(), flavor.GetProperty("sharedMemoryMib").GetInt32()));
        Assert.Equal(System.Text.Json.JsonValueKind.Null, flavor.GetProperty("runtimeClassName").ValueKind);
        Assert.Equal(["nvidia.com/gpu:NoSchedule"], Strings(flavor, "tolerations"));
        Assert.Contains("large-gpu", (await ReadAsync(await rita.GetAsync("/api/flavors"), HttpStatusCode.OK)).EnumerateArray().Select(f => f.GetProperty("name").GetString()));
        await ReadAsync(await rita.GetAsync("/api/flavors/no-such-flavor"), HttpStatusCode.NotFound);

        var slug = $"flavored-{Guid.NewGuid():N}"[..20];
        var tenant = await ReadAsync(await alba.PostAsJsonAsync("/api/tenants", Tenant(slug, allowedFlavors: ["large-gpu"])), HttpStatusCode.Created);
        await ReadAsync(await alba.DeleteAsync("/api/flavors/large-gpu"), HttpStatusCode.Conflict);
        // A quota sent without scratchGib gets 20 GiB per concurrent job.
        Assert.Equal(4 * 20, tenant.GetProperty("quota").GetProperty("scratchGib").GetInt32());
    }

    [Fact]
    public async Task A_flavor_keeps_its_scratch_shared_memory_and_runtime_class()
    {
        using var alba = await Platform.CreateApiClientForAsync("alba");
        var name = $"sized-{Guid.NewGuid():N}"[..20];

        var created = await ReadAsync(await alba.PostAsJsonAsync("/api/flavors", new
        {
            name, cpuMillicores = 8000, memoryMib = 65536, gpuCount = 1, gpuType = "NVIDIA-H100-80GB-HBM3",
            ephemeralStorageGib = 200, sharedMemoryMib = 8192, runtimeClassName = "nvidia-cdi", maxRuntimeMinutes = 60,
        }), HttpStatusCode.Created);
        var read = await ReadAsync(await alba.GetAsync($"/api/flavors/{name}"), HttpStatusCode.OK);

        foreach (var flavor in new[] { created, read })
        {
            Assert.Equal(200, flavor.GetProperty("ephemeralStorageGib").GetInt32());
            Assert.Equal(8192, flavor.GetProperty("sharedMemoryMib").GetInt32());
            Assert.Equal("nvidia-cdi", flavor.GetProperty("runtimeClassName").GetString());
        }

        var updated = await ReadAsync(await alba.PutAsJsonAsync($"/api/flavors/{name}", new
        {
            cpuMillicores = 8000, memoryMib = 65536, gpuCount = 1, gpuType = "NVIDIA-H100-80GB-HBM3", ephemeralStorageGib = 50, maxRuntimeMinutes = 60,
        }), HttpStatusCode.OK);
        Assert.Equal((50, 0), (updated.GetProperty("ephemeralStorageGib").GetInt32(), updated.GetProperty("sharedMemoryMib").GetInt32()));
        Assert.Equal(System.Text.Json.JsonValueKind.Null, updated.GetProperty("runtimeClassName").ValueKind);
    }
}
