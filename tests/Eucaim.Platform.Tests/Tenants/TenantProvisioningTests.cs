using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Eucaim.Platform.Tests.Identity;
using Npgsql;
using static Eucaim.Platform.Tests.Tenants.TenantRequests;

namespace Eucaim.Platform.Tests.Tenants;

/// <summary>The provisioner in the running Workers (local sandbox backend) brings a new tenant to Ready and removes a deleted one.</summary>
[Collection(PlatformCollection.Name)]
public sealed class TenantProvisioningTests(PlatformFixture fixture)
{
    // A liveness bound, not a speed target: the provisioner is woken by NOTIFY and polls every 10 s.
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(2);

    private PlatformRun Platform => fixture.Platform;

    [Fact]
    public async Task A_created_tenant_becomes_ready_and_a_deleted_one_disappears_with_its_events_kept()
    {
        using var alba = await Platform.CreateApiClientForAsync("alba");
        var slug = $"provisioned-{Guid.NewGuid():N}"[..20];
        await ReadAsync(await alba.PostAsJsonAsync("/api/tenants", Tenant(slug)), HttpStatusCode.Created);

        var ready = await WaitForAsync(alba, slug, t => t.ValueKind == JsonValueKind.Object && Condition(t, "Ready") == true);
        Assert.Equal(ready.GetProperty("generation").GetInt64(), ready.GetProperty("observedGeneration").GetInt64());
        Assert.True(Condition(ready, "Provisioned"));
        Assert.False(Condition(ready, "Degraded"));

        await ReadAsync(await alba.PostAsync($"/api/tenants/{slug}/suspend", null), HttpStatusCode.OK);
        var suspended = await WaitForAsync(alba, slug, t => t.ValueKind == JsonValueKind.Object
            && t.GetProperty("observedGeneration").GetInt64() == t.GetProperty("generation").GetInt64());
        Assert.False(Condition(suspended, "Ready"));

        var id = ready.GetProperty("id").GetString();
        await ReadAsync(await alba.DeleteAsync($"/api/tenants/{slug}"), HttpStatusCode.Accepted);
        await WaitForAsync(alba, slug, t => t.ValueKind == JsonValueKind.Undefined);

        Assert.Equal(HttpStatusCode.NotFound, (await alba.GetAsync($"/api/tenants/{id}")).StatusCode);

        await using var db = new NpgsqlConnection(await Platform.ConnectionStringAsync("eucaim"));
        await db.OpenAsync();
        await using var select = new NpgsqlCommand("SELECT action FROM tenant_events WHERE tenant_slug = @s ORDER BY id", db);
        select.Parameters.AddWithValue("s", slug);
        var actions = new List<string>();
        await using (var reader = await select.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                actions.Add(reader.GetString(0));
            }
        }

        Assert.Equal("tenant.created", actions[0]);
        Assert.Contains("provisioning.succeeded", actions);
        Assert.Contains("tenant.suspended", actions);
        Assert.Equal("provisioning.removed", actions[^1]);
    }

    private static bool? Condition(JsonElement tenant, string type) =>
        tenant.GetProperty("conditions").EnumerateArray().Where(c => c.GetProperty("type").GetString() == type)
            .Select(c => (bool?)c.GetProperty("status").GetBoolean()).FirstOrDefault();

    /// <summary>Reads the tenant until <paramref name="done"/> holds; a missing tenant is passed as an undefined element.</summary>
    private static async Task<JsonElement> WaitForAsync(HttpClient admin, string slug, Func<JsonElement, bool> done)
    {
        using var patience = new CancellationTokenSource(Patience);
        JsonElement last = default;
        while (!patience.IsCancellationRequested)
        {
            var response = await admin.GetAsync($"/api/tenants/{slug}");
            last = response.StatusCode == HttpStatusCode.NotFound ? default : await ReadAsync(response, HttpStatusCode.OK);
            if (done(last))
            {
                return last;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(250));
        }

        throw new TimeoutException($"Tenant {slug} did not reach the expected state; last seen: {(last.ValueKind == JsonValueKind.Undefined ? "gone" : last.GetRawText())}");
    }
}
