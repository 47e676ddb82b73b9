using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Eucaim.Platform.Tests.Identity;

/// <summary>
/// The rejection matrix against the running API: every token is derived from a real token of the
/// dev provider (re-signed with the provider's own key where a header or claim changes, or signed
/// with a key the API has never seen), and every one gets 401 with an RFC 6750 error and
/// description and a ProblemDetails body, never a 500. Only access tokens sign in: the provider's
/// refresh and ID tokens are refused like forgeries.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class TokenRejectionTests(PlatformFixture fixture)
{
    public static TheoryData<string> Cases =>
    [
        "tampered signature", "tampered payload", "alg none", "alg none without signature dot", "HS256 keyed with the provider's public key",
        "id token (wrong audience, provider-signed)", "unknown key, wrong audience", "unknown key, wrong issuer", "unknown key, expired",
        "unknown key, not yet valid", "unknown issuer", "Entra issuer while Entra is off", "malformed header", "header is not JSON",
        "five-part token", "garbage opaque token",
        "refresh token", "refresh token of the opaque-token client", "id token of the opaque-token client",
        "id token re-signed with our audience", "id token re-signed with our audience and typ at+jwt",
        "provider-signed, expired", "provider-signed, wrong audience", "provider-signed, no audience", "provider-signed, wrong issuer",
        "provider-signed, kid the provider does not publish", "provider-signed, no kid",
        "provider-signed, unknown crit header", "provider-signed, empty crit header", "provider-signed, iat a day in the future",
        "provider-signed, typ JWT", "provider-signed, no typ", "provider-signed, typ logout+jwt",
    ];

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Rejected_with_401_and_a_described_invalid_token_error(string @case)
    {
        var token = await BuildAsync(@case);
        using var api = fixture.Platform.CreateApiClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/me");
        request.Headers.TryAddWithoutValidation("Authorization", $"Bearer {token}");

        var response = await api.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        var challenge = response.Headers.WwwAuthenticate.ToString();
        Assert.StartsWith("Bearer error=\"invalid_token\", error_description=\"", challenge);
        Assert.DoesNotContain("error_description=\"\"", challenge);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(401, problem.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrWhiteSpace(problem.GetProperty("detail").GetString()));
    }

    [Fact]
    public async Task The_untouched_token_the_matrix_starts_from_is_accepted()
    {
        using var api = fixture.Platform.CreateApiClientAs(await RealTokenAsync());

        Assert.Equal(HttpStatusCode.OK, (await api.GetAsync("/api/me")).StatusCode);
    }

    [Fact]
    public async Task The_untouched_token_re_signed_with_the_provider_key_is_accepted()
    {
        var real = await RealTokenAsync();
        using var key = ProviderSigningKey.Load(fixture.Platform);
        using var api = fixture.Platform.CreateApiClientAs(key.Sign(Jwt.Part(real, 0), Jwt.Part(real, 1)));

        Assert.Equal(HttpStatusCode.OK, (await api.GetAsync("/api/me")).StatusCode);
    }

    [Fact]
    public async Task The_opaque_access_token_of_the_same_sign_in_as_a_refused_refresh_token_is_accepted()
    {
        var response = await fixture.Platform.LsLogin().TokenResponseAsync("rita", "eucaim-opaque");
        using var api = fixture.Platform.CreateApiClientAs(response.GetProperty("access_token").GetString()!);

        Assert.Equal(HttpStatusCode.OK, (await api.GetAsync("/api/me")).StatusCode);
    }

    [Fact]
    public async Task No_token_is_401_with_a_bare_challenge_and_a_problem()
    {
        using var api = fixture.Platform.CreateApiClient();

        var response = await api.GetAsync("/api/me");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("Bearer", response.Headers.WwwAuthenticate.ToString());
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(401, (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetInt32());
    }

    [Fact]
    public async Task A_rejected_token_on_a_public_endpoint_is_treated_as_anonymous()
    {
        using var api = fixture.Platform.CreateApiClientAs(await BuildAsync("tampered signature"));

        Assert.Equal(HttpStatusCode.OK, (await api.GetAsync("/api/status")).StatusCode);
    }

    private Task<string> RealTokenAsync() => fixture.Platform.LsLogin().AccessTokenAsync("rita");

    private async Task<string> TokenOfAsync(string client, string member) =>
        (await fixture.Platform.LsLogin().TokenResponseAsync("rita", client)).GetProperty(member).GetString()!;

    private async Task<string> BuildAsync(string @case)
    {
        var real = await RealTokenAsync();
        var parts = real.Split('.');
        var header = Jwt.Part(real, 0);
        var payload = Jwt.Part(real, 1);
        var issuer = fixture.Platform.LsLogin().Issuer;
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();

        return @case switch
        {
            "tampered signature" => $"{parts[0]}.{parts[1]}.{FlipFirstByte(parts[2])}",
            "tampered payload" => $"{parts[0]}.{Jwt.EncodeNode(With(payload, "sub", SeededUsers.Subject("alba")))}.{parts[2]}",
            "alg none" => $"{Jwt.EncodeNode(With(header, "alg", "none"))}.{parts[1]}.",
            "alg none without signature dot" => $"{Jwt.EncodeNode(With(header, "alg", "none"))}.{parts[1]}",
            "HS256 keyed with the provider's public key" => await Hs256WithPublicKeyAsync(header, parts[1]),
            "id token (wrong audience, provider-signed)" =>
                (await fixture.Platform.LsLogin().TokenResponseAsync("rita")).GetProperty("id_token").GetString()!,
            "unknown key, wrong audience" => SignWithThrowawayKey(header, With(payload, "aud", "urn:other:api")),
            "unknown key, wrong issuer" => SignWithThrowawayKey(header, With(payload, "iss", issuer + "/")),
            "unknown key, expired" => SignWithThrowawayKey(header, With(With(payload, "iat", now - 7200), "exp", now - 3600)),
            "unknown key, not yet valid" => SignWithThrowawayKey(header, With(With(payload, "nbf", now + 3600), "exp", now + 7200)),
            "unknown issuer" => SignWithThrowawayKey(With(header, "kid", "elsewhere"), With(payload, "iss", "https://login.example.org/oidc/")),
            "Entra issuer while Entra is off" => SignWithThrowawayKey(With(header, "kid", "entra"),
                With(payload, "iss", "https://login.microsoftonline.com/72f988bf-86f1-41af-91ab-2d7cd011db47/v2.0")),
            "malformed header" => $"!!not-base64!!.{parts[1]}.{parts[2]}",
            "header is not JSON" => $"{DevLsLogin.Base64Url(Encoding.UTF8.GetBytes("alg=RS256"))}.{parts[1]}.{parts[2]}",
            "five-part token" => $"{real}.AAAA.BBBB",
            "garbage opaque token" => DevLsLogin.Base64Url(RandomNumberGenerator.GetBytes(32)),
            "refresh token" => await TokenOfAsync("eucaim-cli", "refresh_token"),
            "refresh token of the opaque-token client" => await TokenOfAsync("eucaim-opaque", "refresh_token"),
            "id token of the opaque-token client" => await TokenOfAsync("eucaim-opaque", "id_token"),
            "id token re-signed with our audience" => await ReSignedIdTokenAsync(typ: null),
            "id token re-signed with our audience and typ at+jwt" => await ReSignedIdTokenAsync(typ: "at+jwt"),
            "provider-signed, expired" => ProviderSigned(header, With(With(payload, "iat", now - 7200), "exp", now - 3600)),
            "provider-signed, wrong audience" => ProviderSigned(header, With(payload, "aud", "urn:other:api")),
            "provider-signed, no audience" => ProviderSigned(header, Without(payload, "aud")),
            "provider-signed, wrong issuer" => ProviderSigned(header, With(payload, "iss", "https://login.example.org/oidc/")),
            "provider-signed, kid the provider does not publish" => ProviderSigned(With(header, "kid", "not-a-provider-key"), payload),
            "provider-signed, no kid" => ProviderSigned(Without(header, "kid"), payload),
            "provider-signed, unknown crit header" => ProviderSigned(With(With(header, "crit", new JsonArray("urn:example:unknown")), "urn:example:unknown", true), payload),
            "provider-signed, empty crit header" => ProviderSigned(With(header, "crit", new JsonArray()), payload),
            "provider-signed, iat a day in the future" => ProviderSigned(header, With(With(payload, "iat", now + 86400), "exp", now + 90000)),
            "provider-signed, typ JWT" => ProviderSigned(With(header, "typ", "JWT"), payload),
            "provider-signed, no typ" => ProviderSigned(Without(header, "typ"), payload),
            "provider-signed, typ logout+jwt" => ProviderSigned(With(header, "typ", "logout+jwt"), payload),
            _ => throw new ArgumentOutOfRangeException(nameof(@case), @case, null),
        };
    }

    private static JsonObject With(JsonObject part, string name, JsonNode? value)
    {
        var copy = part.DeepClone().AsObject();
        copy[name] = value;
        return copy;
    }

    private static JsonObject Without(JsonObject part, string name)
    {
        var copy = part.DeepClone().AsObject();
        copy.Remove(name);
        return copy;
    }

    private string ProviderSigned(JsonObject header, JsonObject payload)
    {
        using var key = ProviderSigningKey.Load(fixture.Platform);
        return key.Sign(header, payload);
    }

    /// <summary>
    /// The provider's ID token with our audience and a fresh lifetime, signed with the provider's key:
    /// what a provider that let a client name the API as its client id would issue.
    /// </summary>
    private async Task<string> ReSignedIdTokenAsync(string? typ)
    {
        var idToken = await TokenOfAsync("eucaim-cli", "id_token");
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var header = Jwt.Part(idToken, 0);
        if (typ is not null)
        {
            header["typ"] = typ;
        }

        return ProviderSigned(header, With(With(With(Jwt.Part(idToken, 1), "aud", "urn:eucaim:api"), "iat", now), "exp", now + 600));
    }

    private static string FlipFirstByte(string signature)
    {
        var first = signature[0] == 'A' ? 'B' : 'A';
        return first + signature[1..];
    }

    /// <summary>The classic confusion attack: the provider's RSA public key (as PEM) used as an HMAC secret.</summary>
    private async Task<string> Hs256WithPublicKeyAsync(JsonObject header, string payload)
    {
        var discovery = await fixture.Platform.LsLogin().DiscoveryAsync();
        using var http = new HttpClient();
        var jwks = JsonNode.Parse(await http.GetStringAsync(discovery.GetProperty("jwks_uri").GetString()))!;
        var jwk = jwks["keys"]!.AsArray().First(k => (string?)k!["kid"] == (string?)header["kid"])!;
        using var rsa = RSA.Create(new RSAParameters
        {
            Modulus = FromBase64Url((string)jwk["n"]!),
            Exponent = FromBase64Url((string)jwk["e"]!),
        });
        var secret = Encoding.ASCII.GetBytes(rsa.ExportSubjectPublicKeyInfoPem());
        var signingInput = $"{Jwt.EncodeNode(With(header, "alg", "HS256"))}.{payload}";
        return $"{signingInput}.{DevLsLogin.Base64Url(HMACSHA256.HashData(secret, Encoding.ASCII.GetBytes(signingInput)))}";
    }

    private static string SignWithThrowawayKey(JsonObject header, JsonObject payload)
    {
        using var key = RSA.Create(2048);
        var signingInput = $"{Jwt.EncodeNode(header)}.{Jwt.EncodeNode(payload)}";
        var signature = key.SignData(Encoding.ASCII.GetBytes(signingInput), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        return $"{signingInput}.{DevLsLogin.Base64Url(signature)}";
    }

    private static byte[] FromBase64Url(string value)
    {
        var text = value.Replace('-', '+').Replace('_', '/');
        return Convert.FromBase64String(text.PadRight(text.Length + ((4 - (text.Length % 4)) % 4), '='));
    }
}
