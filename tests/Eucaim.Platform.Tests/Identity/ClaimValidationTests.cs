using System.Net;

namespace Eucaim.Platform.Tests.Identity;

/// <summary>
/// Each claim check on its own: the API's identity pipeline trusts a test issuer's key, and every
/// token differs from an accepted one in exactly one respect, so the refusal is for that claim.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class ClaimValidationTests(PlatformFixture fixture)
{
    private const string Audience = "urn:eucaim:api";

    public static TheoryData<string, string> Cases => new()
    {
        { "wrong audience", "audience" },
        { "no audience", "audience" },
        { "wrong issuer", "issuer" },
        { "issuer with an extra trailing slash", "issuer" },
        { "expired", "expired" },
        { "not yet valid", "not valid before" },
        { "no expiry", "expiration" },
        { "alg none", "signature" },
        { "HS256", "signature" },
        { "kid the issuer does not publish", "signature key was not found" },
        { "no kid", "signature key was not found" },
        { "unknown crit header", "crit" },
        { "iat an hour in the future", "iat" },
        { "iat not a number", "malformed" },
        { "nonce (an ID token's claim)", "ID token" },
        { "at_hash (an ID token's claim)", "ID token" },
        { "typ logout+jwt", "type" },
    };

    /// <summary>
    /// Whether the issuer types its access tokens (<c>RequireAtJwt</c>) decides which <c>typ</c>
    /// headers pass: RFC 9068's <c>at+jwt</c> always, <c>JWT</c> and none only from an issuer that
    /// does not type them.
    /// </summary>
    public static TheoryData<string?, bool, bool> Types => new()
    {
        { "at+jwt", true, true },
        { "application/at+jwt", true, true },
        { "AT+JWT", true, true },
        { "JWT", true, false },
        { null, true, false },
        { "at+jwt", false, true },
        { "JWT", false, true },
        { null, false, true },
        { "id_token+jwt", false, false },
    };

    [Fact]
    public async Task The_unchanged_token_is_accepted()
    {
        await using var issuer = await TestIssuer.StartAsync();
        await using var host = await StartHostAsync(issuer);

        var response = await host.Client.SendAsync(host.Get("/probe/signed-in", issuer.Sign(issuer.GoodClaims(Audience))));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task A_token_wrong_in_one_claim_is_refused_for_that_claim(string @case, string described)
    {
        await using var issuer = await TestIssuer.StartAsync();
        await using var host = await StartHostAsync(issuer);
        var claims = issuer.GoodClaims(Audience);
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        string token;
        switch (@case)
        {
            case "wrong audience": claims["aud"] = "urn:eucaim:other"; token = issuer.Sign(claims); break;
            case "no audience": claims.Remove("aud"); token = issuer.Sign(claims); break;
            case "wrong issuer": claims["iss"] = "https://login.aai.lifescience-ri.eu/oidc/"; token = issuer.Sign(claims); break;
            case "issuer with an extra trailing slash": claims["iss"] = issuer.Issuer + "/"; token = issuer.Sign(claims); break;
            case "expired": claims["iat"] = now - 3600; claims["nbf"] = now - 3600; claims["exp"] = now - 120; token = issuer.Sign(claims); break;
            case "not yet valid": claims["nbf"] = now + 600; claims["exp"] = now + 1200; token = issuer.Sign(claims); break;
            case "no expiry": claims.Remove("exp"); token = issuer.Sign(claims); break;
            case "alg none": token = $"{Jwt.Encode(new { alg = "none", typ = "at+jwt", kid = issuer.Kid })}.{Jwt.Encode(claims)}."; break;
            case "HS256": token = Hs256(claims, issuer.Kid); break;
            case "kid the issuer does not publish": token = issuer.Sign(claims, changeHeader: h => h["kid"] = "not-" + issuer.Kid); break;
            case "no kid": token = issuer.Sign(claims, changeHeader: h => h.Remove("kid")); break;
            case "unknown crit header": token = issuer.Sign(claims, changeHeader: h => { h["crit"] = new[] { "urn:example:unknown" }; h["urn:example:unknown"] = true; }); break;
            case "iat an hour in the future": claims["iat"] = now + 3600; claims["exp"] = now + 4200; token = issuer.Sign(claims); break;
            case "iat not a number": claims["iat"] = "yesterday"; token = issuer.Sign(claims); break;
            case "nonce (an ID token's claim)": claims["nonce"] = "n-0S6_WzA2Mj"; token = issuer.Sign(claims); break;
            case "at_hash (an ID token's claim)": claims["at_hash"] = "77QmUPtjPfzWtF2AnpK9RQ"; token = issuer.Sign(claims); break;
            case "typ logout+jwt": token = issuer.Sign(claims, changeHeader: h => h["typ"] = "logout+jwt"); break;
            default: throw new ArgumentOutOfRangeException(nameof(@case), @case, null);
        }

        var response = await host.Client.SendAsync(host.Get("/probe/signed-in", token));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        var challenge = response.Headers.WwwAuthenticate.ToString();
        Assert.StartsWith("Bearer error=\"invalid_token\", error_description=\"", challenge);
        Assert.True(challenge.Contains(described, StringComparison.OrdinalIgnoreCase), challenge);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task An_iat_within_the_clock_skew_is_accepted()
    {
        await using var issuer = await TestIssuer.StartAsync();
        await using var host = await StartHostAsync(issuer);
        var claims = issuer.GoodClaims(Audience);
        claims["iat"] = DateTimeOffset.UtcNow.ToUnixTimeSeconds() + 10; // the default skew is 30 s

        var response = await host.Client.SendAsync(host.Get("/probe/signed-in", issuer.Sign(claims)));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Theory]
    [MemberData(nameof(Types))]
    public async Task The_typ_header_is_checked_as_the_issuer_is_configured(string? typ, bool requireAtJwt, bool accepted)
    {
        await using var issuer = await TestIssuer.StartAsync();
        await using var host = await StartHostAsync(issuer, requireAtJwt);
        var token = issuer.Sign(issuer.GoodClaims(Audience), changeHeader: h =>
        {
            if (typ is null)
            {
                h.Remove("typ");
            }
            else
            {
                h["typ"] = typ;
            }
        });

        var response = await host.Client.SendAsync(host.Get("/probe/signed-in", token));

        Assert.Equal(accepted ? HttpStatusCode.OK : HttpStatusCode.Unauthorized, response.StatusCode);
        if (!accepted)
        {
            Assert.Contains("type", response.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
        }
    }

    private static string Hs256(Dictionary<string, object> claims, string kid)
    {
        var input = $"{Jwt.Encode(new { alg = "HS256", typ = "at+jwt", kid })}.{Jwt.Encode(claims)}";
        var mac = System.Security.Cryptography.HMACSHA256.HashData(new byte[32], System.Text.Encoding.ASCII.GetBytes(input));
        return $"{input}.{DevLsLogin.Base64Url(mac)}";
    }

    private async Task<IdentityTestHost> StartHostAsync(TestIssuer issuer, bool requireAtJwt = false) =>
        await IdentityTestHost.StartAsync(await fixture.Platform.ConnectionStringAsync("eucaim"), new Dictionary<string, string?>
        {
            ["Authentication:LsLogin:Authority"] = issuer.Issuer,
            ["Authentication:LsLogin:Audience"] = Audience,
            ["Authentication:LsLogin:RequireAtJwt"] = requireAtJwt ? "true" : "false",
        });
}
