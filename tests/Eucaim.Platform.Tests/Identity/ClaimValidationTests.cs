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
            default: throw new ArgumentOutOfRangeException(nameof(@case), @case, null);
        }

        var response = await host.Client.SendAsync(host.Get("/probe/signed-in", token));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        var challenge = response.Headers.WwwAuthenticate.ToString();
        Assert.StartsWith("Bearer error=\"invalid_token\", error_description=\"", challenge);
        Assert.True(challenge.Contains(described, StringComparison.OrdinalIgnoreCase), challenge);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    private static string Hs256(Dictionary<string, object> claims, string kid)
    {
        var input = $"{Jwt.Encode(new { alg = "HS256", typ = "at+jwt", kid })}.{Jwt.Encode(claims)}";
        var mac = System.Security.Cryptography.HMACSHA256.HashData(new byte[32], System.Text.Encoding.ASCII.GetBytes(input));
        return $"{input}.{DevLsLogin.Base64Url(mac)}";
    }

    private async Task<IdentityTestHost> StartHostAsync(TestIssuer issuer) =>
        await IdentityTestHost.StartAsync(await fixture.Platform.ConnectionStringAsync("eucaim"), new Dictionary<string, string?>
        {
            ["Authentication:LsLogin:Authority"] = issuer.Issuer,
            ["Authentication:LsLogin:Audience"] = Audience,
        });
}
