using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;

namespace Eucaim.Platform.Tests.Identity;

/// <summary>
/// The sign-in provider going away, with real tokens of the dev provider: keys fetched earlier keep
/// working; with no keys at all the answer is a clear 503, never a 500 or a misleading 401.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class ProviderOutageTests(PlatformFixture fixture)
{
    [Fact]
    public async Task Cached_keys_keep_validating_tokens_while_the_provider_is_unreachable()
    {
        var login = fixture.Platform.LsLogin();
        var first = await login.AccessTokenAsync("alba");
        var second = await login.AccessTokenAsync("clara");
        var relay = await TestIssuer.StartAsync(relayOf: login.Issuer);
        await using var host = await StartHostAsync(login.Issuer, relay.MetadataAddress);

        Assert.Equal(HttpStatusCode.OK, (await host.Client.SendAsync(host.Get("/api/me", first))).StatusCode);
        await relay.DisposeAsync();
        using var unreachable = new HttpClient();
        await Assert.ThrowsAsync<HttpRequestException>(() => unreachable.GetAsync(relay.MetadataAddress));

        var response = await host.Client.SendAsync(host.Get("/api/me", second));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var me = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(["data-holder"], me.GetProperty("roles").EnumerateArray().Select(r => r.GetString()!).ToArray());
    }

    [Fact]
    public async Task Without_any_keys_a_token_gets_503_with_a_clear_message()
    {
        var token = await fixture.Platform.LsLogin().AccessTokenAsync("rita");
        await using var host = await StartHostAsync(fixture.Platform.LsLogin().Issuer, $"http://127.0.0.1:{ClosedPort()}/.well-known/openid-configuration");

        var response = await host.Client.SendAsync(host.Get("/api/me", token));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.NotNull(response.Headers.RetryAfter);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(503, problem.GetProperty("status").GetInt32());
        Assert.Contains("sign-in provider", problem.GetProperty("title").GetString());
    }

    [Fact]
    public async Task Without_any_keys_public_endpoints_still_answer()
    {
        var token = await fixture.Platform.LsLogin().AccessTokenAsync("rita");
        await using var host = await StartHostAsync(fixture.Platform.LsLogin().Issuer, $"http://127.0.0.1:{ClosedPort()}/.well-known/openid-configuration");

        Assert.Equal(HttpStatusCode.OK, (await host.Client.SendAsync(host.Get("/probe", token))).StatusCode);
    }

    private async Task<IdentityTestHost> StartHostAsync(string issuer, string metadataAddress) =>
        await IdentityTestHost.StartAsync(await fixture.Platform.ConnectionStringAsync("eucaim"), new Dictionary<string, string?>
        {
            ["Authentication:LsLogin:Authority"] = issuer,
            ["Authentication:LsLogin:MetadataAddress"] = metadataAddress,
            ["Authentication:LsLogin:Audience"] = "urn:eucaim:api",
            ["Eucaim:RoleMapping:DataHolderGroups:0"] = "urn:geant:lifescience-ri.eu:group:eucaim.lifescience-ri.eu:data-holders#aai.lifescience-ri.eu",
        });

    /// <summary>A local port nothing listens on: bound, read, released.</summary>
    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
