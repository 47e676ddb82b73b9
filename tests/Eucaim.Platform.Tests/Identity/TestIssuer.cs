using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Eucaim.Platform.Tests.Identity;

/// <summary>
/// An OpenID issuer made for a test: discovery and JWKS of a throwaway RSA key, served on a local
/// port until disposed. With an API host trusting it, tokens that differ from a good one in a
/// single claim show that each claim check works on its own. Optionally relays another
/// provider's discovery and keys instead (to take a real provider "offline").
/// </summary>
internal sealed class TestIssuer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly RSA _key;

    private TestIssuer(WebApplication app, RSA key, string issuer)
    {
        _app = app;
        _key = key;
        Issuer = issuer;
    }

    public string Issuer { get; }

    public string Kid { get; } = "test-key-1";

    public string MetadataAddress => $"{Issuer}/.well-known/openid-configuration";

    /// <summary>Serves its own key, or relays <paramref name="relayOf"/>'s discovery (jwks_uri pointed here) and JWKS.</summary>
    public static async Task<TestIssuer> StartAsync(string? relayOf = null)
    {
        var key = RSA.Create(2048);
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        TestIssuer? self = null;

        app.MapGet("/.well-known/openid-configuration", async () =>
        {
            if (relayOf is null)
            {
                return Results.Json(new { issuer = self!.Issuer, jwks_uri = $"{self.Issuer}/jwks", id_token_signing_alg_values_supported = new[] { "RS256" } });
            }

            var discovery = JsonNode.Parse(await new HttpClient().GetStringAsync($"{relayOf}/.well-known/openid-configuration"))!;
            discovery["jwks_uri"] = $"{self!.Issuer}/jwks";
            return Results.Text(discovery.ToJsonString(), "application/json");
        });
        app.MapGet("/jwks", async () =>
        {
            if (relayOf is not null)
            {
                var discovery = JsonNode.Parse(await new HttpClient().GetStringAsync($"{relayOf}/.well-known/openid-configuration"))!;
                return Results.Text(await new HttpClient().GetStringAsync((string)discovery["jwks_uri"]!), "application/json");
            }

            var parameters = key.ExportParameters(false);
            return Results.Json(new
            {
                keys = new[]
                {
                    new { kty = "RSA", use = "sig", alg = "RS256", kid = self!.Kid, n = DevLsLogin.Base64Url(parameters.Modulus!), e = DevLsLogin.Base64Url(parameters.Exponent!) },
                },
            });
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        self = new TestIssuer(app, key, address.TrimEnd('/'));
        return self;
    }

    /// <summary>
    /// An RS256 token over <paramref name="claims"/>, signed with this issuer's key; its header
    /// (<c>alg</c>, <c>typ: at+jwt</c>, <c>kid</c>) as <paramref name="changeHeader"/> leaves it.
    /// </summary>
    public string Sign(object claims, string alg = "RS256", Action<Dictionary<string, object>>? changeHeader = null)
    {
        var fields = new Dictionary<string, object> { ["alg"] = alg, ["typ"] = "at+jwt", ["kid"] = Kid };
        changeHeader?.Invoke(fields);
        var header = Jwt.Encode(fields);
        var payload = Jwt.Encode(claims);
        var signature = _key.SignData(Encoding.ASCII.GetBytes($"{header}.{payload}"), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        return $"{header}.{payload}.{DevLsLogin.Base64Url(signature)}";
    }

    /// <summary>A good access token for <paramref name="audience"/>, before any change a test makes.</summary>
    public Dictionary<string, object> GoodClaims(string audience)
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        return new Dictionary<string, object>
        {
            ["iss"] = Issuer,
            ["aud"] = audience,
            ["sub"] = $"{Convert.ToHexString(RandomNumberGenerator.GetBytes(20)).ToLowerInvariant()}@lifescience-ri.eu",
            ["iat"] = now,
            ["nbf"] = now,
            ["exp"] = now + 600,
            ["client_id"] = "test-client",
            ["scope"] = "openid eduperson_entitlement",
            ["name"] = "Test Issuer User",
            ["eduperson_entitlement"] = new[] { "urn:geant:lifescience-ri.eu:group:eucaim.lifescience-ri.eu#aai.lifescience-ri.eu" },
        };
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        _key.Dispose();
    }
}

/// <summary>Compact JWS pieces, for building tokens the API must refuse.</summary>
internal static class Jwt
{
    public static string Encode(object json) => DevLsLogin.Base64Url(JsonSerializer.SerializeToUtf8Bytes(json));

    public static JsonObject Part(string token, int index)
    {
        var part = token.Split('.')[index].Replace('-', '+').Replace('_', '/');
        part = part.PadRight(part.Length + ((4 - (part.Length % 4)) % 4), '=');
        return JsonNode.Parse(Convert.FromBase64String(part))!.AsObject();
    }

    public static string EncodeNode(JsonNode node) => DevLsLogin.Base64Url(Encoding.UTF8.GetBytes(node.ToJsonString()));
}
