using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Eucaim.Platform.Tests.Identity;

/// <summary>
/// The API's rate limiting with small budgets (a few per hour-long window, so no window can roll
/// over during a test): anonymous requests per client address, signed-in reads and writes per
/// person with a budget each, all signed-in requests of an address together; health probes unlimited.
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
    public async Task Signed_in_reads_and_writes_each_have_a_budget_per_person()
    {
        var login = fixture.Platform.LsLogin();
        var rita = await login.AccessTokenAsync("rita");
        var rob = await login.AccessTokenAsync("rob");
        await using var host = await StartHostAsync();

        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await host.Client.SendAsync(host.Get("/probe", rita))).StatusCode);
        }

        var refusedRead = await host.Client.SendAsync(host.Get("/probe", rita));
        Assert.Equal(HttpStatusCode.TooManyRequests, refusedRead.StatusCode);
        Assert.True(refusedRead.Headers.RetryAfter?.Delta > TimeSpan.Zero, $"Retry-After: {refusedRead.Headers.RetryAfter}");
        Assert.Equal(429, (await refusedRead.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetInt32());

        // Writes have a budget of their own, untouched by the reads.
        Assert.Equal(HttpStatusCode.OK, (await host.Client.SendAsync(host.Post("/probe", rita))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await host.Client.SendAsync(host.Post("/probe", rita))).StatusCode);
        var refused = await host.Client.SendAsync(host.Post("/probe", rita));
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.NotNull(refused.Headers.RetryAfter);

        // Another person's budgets are their own, and the anonymous budget is untouched by either.
        Assert.Equal(HttpStatusCode.OK, (await host.Client.SendAsync(host.Get("/probe", rob))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await host.Client.SendAsync(host.Post("/probe", rob))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await host.Client.SendAsync(host.Get("/probe"))).StatusCode);
    }

    [Fact]
    public async Task All_signed_in_requests_from_one_address_share_a_budget()
    {
        var login = fixture.Platform.LsLogin();
        var rita = await login.AccessTokenAsync("rita");
        var rob = await login.AccessTokenAsync("rob");
        var clara = await login.AccessTokenAsync("clara");
        await using var host = await StartHostAsync(signedInPerAddress: 5);

        // rita and rob stay within their own budgets (3 reads, 2 writes each) but together spend the address's 5.
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await host.Client.SendAsync(host.Get("/probe", rita))).StatusCode);
        }

        Assert.Equal(HttpStatusCode.OK, (await host.Client.SendAsync(host.Get("/probe", rob))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await host.Client.SendAsync(host.Post("/probe", rob))).StatusCode);
        var refused = await host.Client.SendAsync(host.Get("/probe", clara));
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.NotNull(refused.Headers.RetryAfter);
        Assert.Equal(HttpStatusCode.TooManyRequests, (await host.Client.SendAsync(host.Post("/probe", rob))).StatusCode);

        // Anonymous requests are counted on their own budget.
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

    private async Task<IdentityTestHost> StartHostAsync(int permitLimit = 2, int replicas = 1, int signedInPerAddress = 1000) =>
        await IdentityTestHost.StartAsync(await fixture.Platform.ConnectionStringAsync("eucaim"), new Dictionary<string, string?>
        {
            ["Eucaim:RateLimiting:Replicas"] = replicas.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Authentication:LsLogin:Authority"] = fixture.Platform.LsLogin().Issuer,
            ["Authentication:LsLogin:Audience"] = "urn:eucaim:api",
            ["Eucaim:RateLimiting:Anonymous:PermitLimit"] = permitLimit.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Eucaim:RateLimiting:Anonymous:WindowSeconds"] = "3600",
            ["Eucaim:RateLimiting:Writes:PermitLimit"] = "2",
            ["Eucaim:RateLimiting:Writes:WindowSeconds"] = "3600",
            ["Eucaim:RateLimiting:Reads:PermitLimit"] = "3",
            ["Eucaim:RateLimiting:Reads:WindowSeconds"] = "3600",
            ["Eucaim:RateLimiting:SignedInPerAddress:PermitLimit"] = signedInPerAddress.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Eucaim:RateLimiting:SignedInPerAddress:WindowSeconds"] = "3600",
        });
}
