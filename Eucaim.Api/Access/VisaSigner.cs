using Eucaim.Core.Access;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Eucaim.Api.Access;

/// <summary>
/// Signs GA4GH visas with the platform's ES256 key (<see cref="PlatformSigningKey"/>, kept in PostgreSQL
/// in <c>visa_signing_keys</c>): every replica, across restarts, signs with the same key and publishes
/// the same JWKS, which also verifies the audit checkpoints.
/// </summary>
internal sealed class VisaSigner(PlatformSigningKey platformKey)
{
    public const string Algorithm = SecurityAlgorithms.EcdsaSha256;
    public const string VisaTokenType = "vnd.ga4gh.visa+jwt";

    private readonly JsonWebTokenHandler _handler = new() { SetDefaultTimesOnTokenCreation = false };
    private ECDsaSecurityKey? _key;

    public async Task<ECDsaSecurityKey> KeyAsync(CancellationToken cancellationToken)
    {
        if (_key is { } cached)
        {
            return cached;
        }

        // The key itself is owned (loaded, created once, disposed) by the one PlatformSigningKey of the process.
        var (ecdsa, keyId) = await platformKey.LoadAsync(cancellationToken);
        return _key = new ECDsaSecurityKey(ecdsa) { KeyId = keyId };
    }

    public async Task<string> SignAsync(string issuer, string jwksUrl, string subject, DateTimeOffset issuedAt, DateTimeOffset expires,
        IDictionary<string, object> visa, CancellationToken cancellationToken)
    {
        var key = await KeyAsync(cancellationToken);
        return _handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = issuer,
            IssuedAt = issuedAt.UtcDateTime,
            Expires = expires.UtcDateTime,
            TokenType = VisaTokenType,
            SigningCredentials = new SigningCredentials(key, Algorithm),
            AdditionalHeaderClaims = new Dictionary<string, object> { ["jku"] = jwksUrl },
            Claims = new Dictionary<string, object>
            {
                ["sub"] = subject,
                ["jti"] = Guid.NewGuid().ToString("D"),
                ["ga4gh_visa_v1"] = visa,
            },
        });
    }

    /// <summary>The public half as a JWKS document.</summary>
    public async Task<object> JwksAsync(CancellationToken cancellationToken)
    {
        var key = await KeyAsync(cancellationToken);
        var p = key.ECDsa.ExportParameters(includePrivateParameters: false);
        return new
        {
            keys = new[]
            {
                new
                {
                    kty = "EC",
                    crv = "P-256",
                    x = Base64UrlEncoder.Encode(p.Q.X!),
                    y = Base64UrlEncoder.Encode(p.Q.Y!),
                    kid = key.KeyId,
                    use = "sig",
                    alg = "ES256",
                },
            },
        };
    }
}
