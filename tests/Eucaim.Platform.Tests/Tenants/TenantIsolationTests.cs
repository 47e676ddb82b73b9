using System.Net;
using System.Text.Json;
using Eucaim.Platform.Tests.Identity;
using static Eucaim.Platform.Tests.Tenants.TenantRequests;

namespace Eucaim.Platform.Tests.Tenants;

/// <summary>
/// A researcher of tenant A learns nothing about tenant B: every read endpoint answers exactly as
/// for a tenant that never existed, by slug, by id and by guesses; a member of both sees both.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class TenantIsolationTests(PlatformFixture fixture)
{
    private static readonly string[] ReadPaths = ["", "/quota", "/usage"];

    private PlatformRun Platform => fixture.Platform;

    [Fact]
    public async Task A_researcher_of_tenant_a_gets_404_for_every_tenant_b_resource()
    {
        using var alba = await Platform.CreateApiClientForAsync("alba");
        var a = await EnsureTenantAsync(alba, "tenant-a");
        var b = await EnsureTenantAsync(alba, "tenant-b");
        var bId = b.GetProperty("id").GetString()!;
        using var rita = await Platform.CreateApiClientForAsync("rita");

        // Tenant B by slug and id, in the spellings a curious researcher would try, and guesses
        // that exist nowhere: the answers must not differ in anything but the key echoed back.
        string[] tenantBKeys = ["tenant-b", bId, bId.ToUpperInvariant(), Guid.Parse(bId).ToString("N"), "TENANT-B", "tenant-b%20", "tenant-b.", "tenant-b-"];
        var guessed = Enumerable.Range(0, 60).Select(i => i % 3 == 0 ? Guid.NewGuid().ToString() : $"tenant-{(char)('c' + (i % 20))}{i}").ToArray();
        var notFound = 0;
        foreach (var key in tenantBKeys.Concat(guessed))
        {
            foreach (var path in ReadPaths)
            {
                var response = await rita.GetAsync($"/api/tenants/{key}{path}");
                var problem = await ReadAsync(response, HttpStatusCode.NotFound);
                Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
                Assert.Equal("Not found.", problem.GetProperty("title").GetString());
                Assert.Equal(404, problem.GetProperty("status").GetInt32());
                notFound++;
            }

            // The admin endpoints refuse a researcher before looking anything up: same answer for B as for nothing.
            foreach (var (method, path) in new[] { (HttpMethod.Post, "/suspend"), (HttpMethod.Post, "/resume"), (HttpMethod.Delete, ""), (HttpMethod.Get, "/events") })
            {
                var response = await rita.SendAsync(new HttpRequestMessage(method, $"/api/tenants/{key}{path}"));
                Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
            }
        }

        var listed = await ReadAsync(await rita.GetAsync("/api/tenants"), HttpStatusCode.OK);
        Assert.Equal(["tenant-a"], listed.EnumerateArray().Select(t => t.GetProperty("slug").GetString()!).ToArray());
        Assert.DoesNotContain(bId, listed.GetRawText());
        Assert.Equal(HttpStatusCode.OK, (await rita.GetAsync($"/api/tenants/{a.GetProperty("id").GetString()}")).StatusCode);
        Assert.True(notFound >= 200, $"only {notFound} attempts");
    }

    [Fact]
    public async Task A_researcher_of_tenant_b_gets_404_for_tenant_a_and_a_member_of_both_sees_both()
    {
        using var alba = await Platform.CreateApiClientForAsync("alba");
        var a = await EnsureTenantAsync(alba, "tenant-a");
        var b = await EnsureTenantAsync(alba, "tenant-b");
        using var rob = await Platform.CreateApiClientForAsync("rob");
        using var remy = await Platform.CreateApiClientForAsync("remy");

        foreach (var path in ReadPaths)
        {
            await ReadAsync(await rob.GetAsync($"/api/tenants/tenant-a{path}"), HttpStatusCode.NotFound);
            await ReadAsync(await rob.GetAsync($"/api/tenants/{a.GetProperty("id").GetString()}{path}"), HttpStatusCode.NotFound);
            foreach (var tenant in new[] { a, b })
            {
                await ReadAsync(await remy.GetAsync($"/api/tenants/{tenant.GetProperty("slug").GetString()}{path}"), HttpStatusCode.OK);
                await ReadAsync(await remy.GetAsync($"/api/tenants/{tenant.GetProperty("id").GetString()}{path}"), HttpStatusCode.OK);
            }
        }

        var listed = await ReadAsync(await remy.GetAsync("/api/tenants"), HttpStatusCode.OK);
        Assert.Equal(["tenant-a", "tenant-b"], listed.EnumerateArray().Select(t => t.GetProperty("slug").GetString()!).ToArray());
        Assert.All(listed.EnumerateArray(), t => Assert.Equal(JsonValueKind.Null, t.GetProperty("members").ValueKind));
    }

    [Fact]
    public async Task Signed_out_callers_learn_nothing()
    {
        using var alba = await Platform.CreateApiClientForAsync("alba");
        await EnsureTenantAsync(alba, "tenant-b");
        using var anonymous = Platform.CreateApiClient();

        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/tenants/tenant-b")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/tenants/no-such-tenant")).StatusCode);
    }
}
