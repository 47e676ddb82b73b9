using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using Eucaim.Api.Identity;
using Microsoft.AspNetCore.Http;

namespace Eucaim.Platform.Tests.Identity;

/// <summary>
/// Entra ID is a second scheme, chosen by the token's issuer only when it is configured. The
/// routing is checked directly, and in a host whose Entra instance cannot be reached: an Entra
/// token then reaches the Entra handler (503, its keys are missing) while LS Login tokens work.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class EntraSchemeTests(PlatformFixture fixture)
{
    private const string EntraIssuer = "https://login.microsoftonline.com/72f988bf-86f1-41af-91ab-2d7cd011db47/v2.0";
    private const string EntraV1Issuer = "https://sts.windows.net/72f988bf-86f1-41af-91ab-2d7cd011db47/";

    private static readonly EntraOptions Configured = new() { TenantId = "72f988bf-86f1-41af-91ab-2d7cd011db47", ClientId = "5f0e6a34-0000-4000-8000-000000000001" };

    [Theory]
    [InlineData(EntraIssuer, true, false, IdentitySchemes.Entra)]
    [InlineData(EntraV1Issuer, true, false, IdentitySchemes.Entra)]
    [InlineData(EntraIssuer, false, false, IdentitySchemes.LsLogin)]
    [InlineData("https://login.aai.lifescience-ri.eu/oidc/", true, true, IdentitySchemes.LsLogin)]
    [InlineData("http://login.microsoftonline.com/x/v2.0", true, false, IdentitySchemes.LsLogin)]
    public void A_jwt_is_routed_by_its_issuer(string issuer, bool entraConfigured, bool introspection, string expected)
    {
        var token = $"{Jwt.Encode(new { alg = "RS256" })}.{Jwt.Encode(new { iss = issuer })}.c2ln";

        Assert.Equal(expected, SchemeSelector.Select(Request(token), entraConfigured ? Configured : new EntraOptions(), introspection));
    }

    [Theory]
    [InlineData(null, true, IdentitySchemes.LsLogin)]
    [InlineData("opaque-token-value", true, IdentitySchemes.LsLoginIntrospection)]
    [InlineData("opaque-token-value", false, IdentitySchemes.LsLogin)]
    [InlineData("a.b", true, IdentitySchemes.LsLogin)]
    [InlineData("!!.@@.##", true, IdentitySchemes.LsLogin)]
    [InlineData("a.b.c.d.e", true, IdentitySchemes.LsLogin)]
    public void Opaque_missing_and_malformed_tokens_are_routed_to_a_handler_that_can_refuse_them(string? token, bool introspection, string expected)
    {
        Assert.Equal(expected, SchemeSelector.Select(Request(token), Configured, introspection));
    }

    [Fact]
    public async Task With_Entra_configured_an_Entra_token_reaches_the_Entra_handler_and_LS_Login_tokens_still_work()
    {
        var lsLogin = fixture.Platform.LsLogin();
        var real = await lsLogin.AccessTokenAsync("kai");
        await using var host = await IdentityTestHost.StartAsync(await fixture.Platform.ConnectionStringAsync("eucaim"), new Dictionary<string, string?>
        {
            ["Authentication:LsLogin:Authority"] = lsLogin.Issuer,
            ["Authentication:LsLogin:Audience"] = "urn:eucaim:api",
            ["Authentication:Entra:Instance"] = $"https://127.0.0.1:{ClosedPort()}/",
            ["Authentication:Entra:TenantId"] = Configured.TenantId,
            ["Authentication:Entra:ClientId"] = Configured.ClientId,
        });
        var instance = $"https://127.0.0.1";
        var entraToken = $"{Jwt.Encode(new { alg = "RS256", kid = "k" })}.{Jwt.Encode(new { iss = $"{instance}/{Configured.TenantId}/v2.0", aud = Configured.ClientId })}.c2ln";

        var entra = await host.Client.SendAsync(host.Get("/api/me", entraToken));
        var ls = await host.Client.SendAsync(host.Get("/api/me", real));

        Assert.True(entra.StatusCode == HttpStatusCode.ServiceUnavailable, $"{(int)entra.StatusCode} {entra.Headers.WwwAuthenticate} {await entra.Content.ReadAsStringAsync()}");
        Assert.Equal(503, (await entra.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetInt32());
        Assert.Equal(HttpStatusCode.OK, ls.StatusCode);
    }

    private static DefaultHttpContext Request(string? token)
    {
        var context = new DefaultHttpContext();
        if (token is not null)
        {
            context.Request.Headers.Authorization = $"Bearer {token}";
        }

        return context;
    }

    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
