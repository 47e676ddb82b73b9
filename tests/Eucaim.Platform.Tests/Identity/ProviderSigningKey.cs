using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace Eucaim.Platform.Tests.Identity;

/// <summary>
/// The dev provider's own RS256 private key, read from the run's state (<c>dev-oidc/jwks.json</c>):
/// tokens re-signed with it carry a valid provider signature, so a refusal can only come from the
/// header or claim the test changed (a kid the provider does not publish, a <c>crit</c>, an
/// <c>iat</c> from the future), never from a bad signature.
/// </summary>
internal sealed class ProviderSigningKey : IDisposable
{
    private readonly RSA _key;

    private ProviderSigningKey(RSA key, string kid)
    {
        _key = key;
        Kid = kid;
    }

    public string Kid { get; }

    public static ProviderSigningKey Load(PlatformRun platform)
    {
        var jwks = JsonNode.Parse(File.ReadAllText(Path.Combine(platform.StateDirectory, "dev-oidc", "jwks.json")))!;
        var jwk = jwks["keys"]!.AsArray().Single(k => (string?)k!["alg"] == "RS256")!;
        var key = RSA.Create();
        key.ImportParameters(new RSAParameters
        {
            Modulus = Bytes(jwk, "n"),
            Exponent = Bytes(jwk, "e"),
            D = Bytes(jwk, "d"),
            P = Bytes(jwk, "p"),
            Q = Bytes(jwk, "q"),
            DP = Bytes(jwk, "dp"),
            DQ = Bytes(jwk, "dq"),
            InverseQ = Bytes(jwk, "qi"),
        });
        return new ProviderSigningKey(key, (string)jwk["kid"]!);
    }

    /// <summary>A compact JWS of <paramref name="header"/> (its <c>alg</c> set to RS256) and <paramref name="payload"/>.</summary>
    public string Sign(JsonObject header, JsonObject payload)
    {
        var rs256 = header.DeepClone().AsObject();
        rs256["alg"] = "RS256";
        var input = $"{Jwt.EncodeNode(rs256)}.{Jwt.EncodeNode(payload)}";
        var signature = _key.SignData(Encoding.ASCII.GetBytes(input), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        return $"{input}.{DevLsLogin.Base64Url(signature)}";
    }

    public void Dispose() => _key.Dispose();

    private static byte[] Bytes(JsonNode jwk, string member)
    {
        var text = ((string)jwk[member]!).Replace('-', '+').Replace('_', '/');
        return Convert.FromBase64String(text.PadRight(text.Length + ((4 - (text.Length % 4)) % 4), '='));
    }
}
