using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Eucaim.Platform.Tests.Identity;
using Npgsql;
using static Eucaim.Platform.Tests.Tenants.TenantRequests;

namespace Eucaim.Platform.Tests.Tenants;

/// <summary>Admins manage tenants through <c>/api/tenants</c>; every action is recorded in <c>tenant_events</c>.</summary>
[Collection(PlatformCollection.Name)]
public sealed class TenantAdminTests(PlatformFixture fixture)
{
    private PlatformRun Platform => fixture.Platform;

    [Fact]
    public async Task An_admin_creates_updates_suspends_resumes_and_deletes_a_tenant_and_each_step_is_recorded()
    {
        using var alba = await Platform.CreateApiClientForAsync("alba");
        await EnsureFlavorAsync(alba, "medium-gpu", 1);
        var slug = $"lifecycle-{Guid.NewGuid():N}"[..20];

        var created = await ReadAsync(await alba.PostAsJsonAsync("/api/tenants",
            Tenant(slug, quota: Quota(gpus: 4), allowedFlavors: ["medium-gpu"], members: [SeededUsers.Subject("kai")])), HttpStatusCode.Created);
        Assert.Equal(slug, created.GetProperty("slug").GetString());
        Assert.Equal("active", created.GetProperty("state").GetString());
        Assert.Equal($"eucaim-{slug}", created.GetProperty("namespace").GetString());
        Assert.Equal($"tenants/{slug}/", created.GetProperty("storagePrefix").GetString());
        Assert.Equal(4, created.GetProperty("quota").GetProperty("gpus").GetInt32());
        Assert.Equal(["medium-gpu"], Strings(created, "allowedFlavors"));
        Assert.Equal([SeededUsers.Subject("kai")], Strings(created, "members"));
        Assert.Equal(1, created.GetProperty("generation").GetInt64());

        var updated = await ReadAsync(await alba.PutAsJsonAsync($"/api/tenants/{slug}", new
        {
            name = "Renamed",
            lsLoginGroup = (string?)null,
            quota = Quota(gpus: 8, storageGib: 500),
            allowedFlavors = Array.Empty<string>(),
            members = Array.Empty<string>(),
        }), HttpStatusCode.OK);
        Assert.Equal("Renamed", updated.GetProperty("name").GetString());
        Assert.Equal(8, updated.GetProperty("quota").GetProperty("gpus").GetInt32());
        Assert.Empty(Strings(updated, "members"));
        Assert.Equal(2, updated.GetProperty("generation").GetInt64());

        Assert.Equal("suspended", (await ReadAsync(await alba.PostAsync($"/api/tenants/{slug}/suspend", null), HttpStatusCode.OK)).GetProperty("state").GetString());
        Assert.Equal("active", (await ReadAsync(await alba.PostAsync($"/api/tenants/{slug}/resume", null), HttpStatusCode.OK)).GetProperty("state").GetString());
        Assert.Equal("deleting", (await ReadAsync(await alba.DeleteAsync($"/api/tenants/{slug}"), HttpStatusCode.Accepted)).GetProperty("state").GetString());

        await using var db = new NpgsqlConnection(await Platform.ConnectionStringAsync("eucaim"));
        await db.OpenAsync();
        await using var select = new NpgsqlCommand(
            "SELECT action, actor FROM tenant_events WHERE tenant_slug = @s AND actor <> 'system:provisioner' ORDER BY id", db);
        select.Parameters.AddWithValue("s", slug);
        var events = new List<(string Action, string Actor)>();
        await using (var reader = await select.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                events.Add((reader.GetString(0), reader.GetString(1)));
            }
        }

        Assert.Equal(["tenant.created", "tenant.updated", "tenant.suspended", "tenant.resumed", "tenant.delete-requested"], events.Select(e => e.Action));
        Assert.All(events, e => Assert.Equal(SeededUsers.Subject("alba"), e.Actor));
    }

    [Fact]
    public async Task An_explicit_member_sees_the_tenant_without_the_group_claim()
    {
        using var alba = await Platform.CreateApiClientForAsync("alba");
        var slug = $"explicit-{Guid.NewGuid():N}"[..20];
        await ReadAsync(await alba.PostAsJsonAsync("/api/tenants", Tenant(slug, members: [SeededUsers.Subject("kai")])), HttpStatusCode.Created);

        using var kai = await Platform.CreateApiClientForAsync("kai");
        using var rob = await Platform.CreateApiClientForAsync("rob");

        var seen = await ReadAsync(await kai.GetAsync($"/api/tenants/{slug}"), HttpStatusCode.OK);
        Assert.Equal(JsonValueKind.Null, seen.GetProperty("members").ValueKind);
        Assert.Contains(slug, (await ReadAsync(await kai.GetAsync("/api/tenants"), HttpStatusCode.OK)).EnumerateArray().Select(t => t.GetProperty("slug").GetString()));
        await ReadAsync(await rob.GetAsync($"/api/tenants/{slug}"), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_member_reads_the_quota_and_the_storage_usage_of_their_tenant()
    {
        using var alba = await Platform.CreateApiClientForAsync("alba");
        await EnsureTenantAsync(alba, "tenant-a");
        using var rita = await Platform.CreateApiClientForAsync("rita");

        var quota = await ReadAsync(await rita.GetAsync("/api/tenants/tenant-a/quota"), HttpStatusCode.OK);
        var usage = await ReadAsync(await rita.GetAsync("/api/tenants/tenant-a/usage"), HttpStatusCode.OK);

        Assert.True(quota.GetProperty("maxJobRuntimeMinutes").GetInt32() > 0);
        Assert.Equal(quota.GetProperty("storageGib").GetInt64() * 1024 * 1024 * 1024, usage.GetProperty("storageQuotaBytes").GetInt64());
        Assert.True(usage.GetProperty("storageBytes").GetInt64() >= 0);
    }

    [Theory]
    [InlineData("rita")]
    [InlineData("kai")]
    [InlineData("hugo")]
    public async Task Anyone_but_an_admin_is_forbidden_the_admin_endpoints(string login)
    {
        using var alba = await Platform.CreateApiClientForAsync("alba");
        await EnsureTenantAsync(alba, "tenant-a");
        using var api = await Platform.CreateApiClientForAsync(login);

        HttpRequestMessage[] requests =
        [
            new(HttpMethod.Post, "/api/tenants") { Content = JsonContent.Create(Tenant("forbidden-one")) },
            new(HttpMethod.Put, "/api/tenants/tenant-a") { Content = JsonContent.Create(Tenant("tenant-a")) },
            new(HttpMethod.Post, "/api/tenants/tenant-a/suspend"),
            new(HttpMethod.Post, "/api/tenants/tenant-a/resume"),
            new(HttpMethod.Delete, "/api/tenants/tenant-a"),
            new(HttpMethod.Get, "/api/tenants/tenant-a/events"),
            new(HttpMethod.Post, "/api/flavors") { Content = JsonContent.Create(new { name = "sneaky", cpuMillicores = 1, memoryMib = 1, maxRuntimeMinutes = 1 }) },
            new(HttpMethod.Put, "/api/flavors/medium-gpu") { Content = JsonContent.Create(new { cpuMillicores = 1, memoryMib = 1, maxRuntimeMinutes = 1 }) },
            new(HttpMethod.Delete, "/api/flavors/medium-gpu"),
        ];
        foreach (var request in requests)
        {
            var problem = await ReadAsync(await api.SendAsync(request), HttpStatusCode.Forbidden);
            Assert.Equal(403, problem.GetProperty("status").GetInt32());
        }

        Assert.Equal("active", (await ReadAsync(await alba.GetAsync("/api/tenants/tenant-a"), HttpStatusCode.OK)).GetProperty("state").GetString());
    }
}
