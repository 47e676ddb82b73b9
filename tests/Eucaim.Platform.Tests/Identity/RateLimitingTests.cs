using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Eucaim.Platform.Tests.Identity;

/// <summary>
/// The API's rate limiting with small budgets (2 per hour-long window, so no window can roll over
/// during a test): anonymous requests per client address, signed-in writes per person, signed-in
/// reads and health probes unlimited.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class RateLimitingTests(PlatformFixture fixture)
{
    [Fact]
    public async Task Anonymous_requests_beyond_the_budget_get_429_with_retry_after()
    {
        await using var host = await StartHostAsync();
        Assert.Equal(HttpStatusCode.OK, (await host.Client.SendAsync(host.Get("/probe"))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await host.Client.SendAsync(host.Post("/probe"))).StatusCode);

        var refused = await host.Client.SendAsync(host.Get("/probe"));

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.True(refused.Headers.RetryAfter?.Delta > TimeSpan.Zero, $"Retry-After: {refused.Headers.RetryAfter}");
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        var problem = await refused.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(429, problem.GetProperty("status").GetInt32());
        Assert.Equal(HttpStatusCode.OK, (await host.Client.SendAsync(host.Get("/health"))).StatusCode);
    }

    [Fact]
    public async Task Signed_in_writes_have_a_budget_per_person_and_reads_have_none()
    {
        var login = fixture.Platform.LsLogin();
        var rita = await login.AccessTokenAsync("rita");
        var rob = await login.AccessTokenAsync("rob");
        await using var host = await StartHostAsync();

        for (var i = 0; i < 4; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await host.Client.SendAsync(host.Get("/probe", rita))).StatusCode);
        }

        Assert.Equal(HttpStatusCode.OK, (await host.Client.SendAsync(host.Post("/probe", rita))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await host.Client.SendAsync(host.Post("/probe", rita))).StatusCode);
        var refused = await host.Client.SendAsync(host.Post("/probe", rita));
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.NotNull(refused.Headers.RetryAfter);

        // Another person's budget is their own, and the anonymous budget is untouched by either.
        Assert.Equal(HttpStatusCode.OK, (await host.Client.SendAsync(host.Post("/probe", rob))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await host.Client.SendAsync(host.Get("/probe"))).StatusCode);
    }

    [Fact]
    public async Task Each_of_several_replicas_enforces_its_share_of_the_budget()
    {
        // Four per window over two replicas: this process lets two through, so a caller spread over
        // both gets about four in total, not eight.
        await using var host = await StartHostAsync(permitLimit: 4, replicas: 2);

        Assert.Equal(HttpStatusCode.OK, (await host.Client.SendAsync(host.Get("/probe"))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await host.Client.SendAsync(host.Get("/probe"))).StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, (await host.Client.SendAsync(host.Get("/probe"))).StatusCode);
    }

    private async Task<IdentityTestHost> StartHostAsync(int permitLimit = 2, int replicas = 1) =>
        await IdentityTestHost.StartAsync(await fixture.Platform.ConnectionStringAsync("eucaim"), new Dictionary<string, string?>
        {
            ["Eucaim:RateLimiting:Replicas"] = replicas.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Authentication:LsLogin:Authority"] = fixture.Platform.LsLogin().Issuer,
            ["Authentication:LsLogin:Audience"] = "urn:eucaim:api",
            ["Eucaim:RateLimiting:Anonymous:PermitLimit"] = permitLimit.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Eucaim:RateLimiting:Anonymous:WindowSeconds"] = "3600",
            ["Eucaim:RateLimiting:Writes:PermitLimit"] = "2",
            ["Eucaim:RateLimiting:Writes:WindowSeconds"] = "3600",
        });
}
