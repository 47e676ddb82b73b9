using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using static Eucaim.Platform.Tests.Access.AccessTestApi;

namespace Eucaim.Platform.Tests.Access;

/// <summary>
/// rob (tenant-b) cannot read or act on tenant-a's requests, grants or notifications: every attempt
/// answers exactly as for an id that never existed, and lists leave them out. remy (both) sees them.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class AccessIsolationTests(PlatformFixture fixture)
{
    private PlatformRun Platform => fixture.Platform;

    [Fact]
    public async Task A_researcher_of_tenant_b_learns_nothing_of_tenant_a_requests_grants_and_notifications()
    {
        await using var scenario = await AccessScenario.StartAsync(fixture, "tenant-a", "tenant-b");
        var rita = await scenario.UserAsync("rita");
        var rob = await scenario.UserAsync("rob");
        var remy = await scenario.UserAsync("remy");
        var dataset = await scenario.PublishAsync("Isolation cohort");
        var (request, grant) = await scenario.GrantedAsync("tenant-a", 10, dataset);
        var ritaInbox = (await ReadAsync(await rita.GetAsync("/api/notifications"), HttpStatusCode.OK)).EnumerateArray()
            .Where(n => n.GetProperty("accessRequestId").ValueKind == JsonValueKind.String && n.GetProperty("accessRequestId").GetGuid() == request)
            .Select(n => n.GetProperty("id").GetInt64()).ToList();
        Assert.True(ritaInbox.Count >= 2, "rita's inbox has the decision and the tenant's grant");

        var attempts = 0;
        var successes = 0;
        async Task CompareAsync(Func<string, HttpRequestMessage> send, string real, string missing)
        {
            var hidden = await rob.SendAsync(send(real));
            var absent = await rob.SendAsync(send(missing));
            attempts += 2;
            successes += (hidden.IsSuccessStatusCode ? 1 : 0) + (absent.IsSuccessStatusCode ? 1 : 0);
            Assert.Equal(HttpStatusCode.NotFound, hidden.StatusCode);
            Assert.Equal(absent.StatusCode, hidden.StatusCode);
            Assert.Equal(absent.Content.Headers.ContentType?.MediaType, hidden.Content.Headers.ContentType?.MediaType);
            Assert.Equal(Normalize(await absent.Content.ReadAsStringAsync(), missing), Normalize(await hidden.Content.ReadAsStringAsync(), real));
        }

        var requestSpellings = new[] { request.ToString("D"), request.ToString("D").ToUpperInvariant(), request.ToString("N") };
        var grantSpellings = new[] { grant.ToString("D"), grant.ToString("D").ToUpperInvariant(), grant.ToString("N") };
        // Reads, in every spelling, each compared with an id that exists nowhere.
        for (var i = 0; i < 20; i++)
        {
            var spelling = requestSpellings[i % requestSpellings.Length];
            var grantSpelling = grantSpellings[i % grantSpellings.Length];
            await CompareAsync(id => Get($"/api/access-requests/{id}"), spelling, Guid.NewGuid().ToString(spelling.Length == 32 ? "N" : "D"));
            await CompareAsync(id => Get($"/api/access-requests/{id}/comments"), spelling, Guid.NewGuid().ToString("D"));
            await CompareAsync(id => Get($"/api/grants/{id}"), grantSpelling, Guid.NewGuid().ToString("D"));
        }

        // Every action on a request, a grant and a notification, with valid bodies so that only ownership decides.
        for (var i = 0; i < 5; i++)
        {
            var r = request.ToString("D");
            await CompareAsync(id => Post($"/api/access-requests/{id}/withdraw", null), r, Guid.NewGuid().ToString());
            await CompareAsync(id => Post($"/api/access-requests/{id}/decisions", new { datasetId = dataset, decision = "approve" }), r, Guid.NewGuid().ToString());
            await CompareAsync(id => Post($"/api/access-requests/{id}/comments", new { body = "hello?" }), r, Guid.NewGuid().ToString());
            await CompareAsync(id => Post($"/api/access-requests/{id}/request-changes", new { body = "change it" }), r, Guid.NewGuid().ToString());
            await CompareAsync(id => Put($"/api/access-requests/{id}", new { title = "t", purpose = "p", requestedDays = 5 }), r, Guid.NewGuid().ToString());
            await CompareAsync(id => Post($"/api/grants/{id}/revoke", new { reason = "mine now" }), grant.ToString("D"), Guid.NewGuid().ToString());
            foreach (var notification in ritaInbox)
            {
                await CompareAsync(id => Post($"/api/notifications/{id}/read", null), notification.ToString(), (long.MaxValue - i).ToString());
            }
        }

        // Lists leave tenant-a's things out.
        for (var i = 0; i < 10; i++)
        {
            attempts += 3;
            var requests = await ReadAsync(await rob.GetAsync("/api/access-requests?tenant=tenant-a"), HttpStatusCode.OK);
            Assert.Equal(0, requests.GetArrayLength());
            var grants = await ReadAsync(await rob.GetAsync($"/api/grants?dataset={dataset}"), HttpStatusCode.OK);
            Assert.Equal(0, grants.GetArrayLength());
            var inbox = await ReadAsync(await rob.GetAsync("/api/notifications?limit=200"), HttpStatusCode.OK);
            Assert.DoesNotContain(inbox.EnumerateArray(), n => ritaInbox.Contains(n.GetProperty("id").GetInt64()));
        }

        Assert.True(attempts >= 200, $"only {attempts} attempts");
        Assert.Equal(0, successes);

        // Nothing changed, and a member of both tenants sees it all.
        var unchanged = await ReadAsync(await remy.GetAsync($"/api/access-requests/{request}"), HttpStatusCode.OK);
        Assert.Equal("approved", unchanged.GetProperty("status").GetString());
        Assert.Equal("active", (await ReadAsync(await remy.GetAsync($"/api/grants/{grant}"), HttpStatusCode.OK)).GetProperty("status").GetString());
        Assert.Empty((await ReadAsync(await remy.GetAsync($"/api/access-requests/{request}/comments"), HttpStatusCode.OK)).EnumerateArray());
    }

    /// <summary>The body with the echoed id and the per-request trace id taken out.</summary>
    private static string Normalize(string body, string id)
    {
        var node = JsonNode.Parse(body)!.AsObject();
        node.Remove("traceId");
        // The detail echoes the id (normalized), the instance echoes the path as sent.
        return node.ToJsonString(Relaxed)
            .Replace($"'{NormalizeId(id)}'", "'{id}'", StringComparison.Ordinal)
            .Replace($"/{id}", "/{id}", StringComparison.Ordinal);
    }

    private static readonly JsonSerializerOptions Relaxed = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private static string NormalizeId(string id) => Guid.TryParse(id, out var guid) ? guid.ToString("D") : id;

    private static HttpRequestMessage Get(string path) => new(HttpMethod.Get, path);

    private static HttpRequestMessage Post(string path, object? body) =>
        new(HttpMethod.Post, path) { Content = body is null ? null : JsonContent.Create(body) };

    private static HttpRequestMessage Put(string path, object body) => new(HttpMethod.Put, path) { Content = JsonContent.Create(body) };
}
