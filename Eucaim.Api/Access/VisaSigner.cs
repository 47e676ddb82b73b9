using System.Security.Cryptography;
using Eucaim.Core.Access;
using Eucaim.Core.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Eucaim.Api.Access;

/// <summary>
/// Signs GA4GH visas with an ES256 key kept in PostgreSQL (<c>visa_signing_keys</c>). The first
/// replica that needs a key generates one and inserts it with <c>ON CONFLICT DO NOTHING</c>; every
/// replica then reads the row that won, so all of them, across restarts, sign with the same key and
/// publish the same JWKS.
/// </summary>
internal sealed class VisaSigner(IServiceScopeFactory scopes, TimeProvider time) : IDisposable
{
    public const string Algorithm = SecurityAlgorithms.EcdsaSha256;
    public const string VisaTokenType = "vnd.ga4gh.visa+jwt";
    private const string Purpose = "ga4gh-visa";

    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly JsonWebTokenHandler _handler = new() { SetDefaultTimesOnTokenCreation = false };
    private ECDsa? _ecdsa;
    private ECDsaSecurityKey? _key;

    public async Task<ECDsaSecurityKey> KeyAsync(CancellationToken cancellationToken)
    {
        if (_key is { } cached)
        {
            return cached;
        }

        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (_key is not null)
            {
                return _key;
            }

            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<EucaimDbContext>();
            var row = await db.VisaSigningKeys.AsNoTracking().FirstOrDefaultAsync(k => k.Purpose == Purpose, cancellationToken);
            if (row is null)
            {
                using var fresh = ECDsa.Create(ECCurve.NamedCurves.nistP256);
                var keyId = Thumbprint(fresh);
                await db.Database.ExecuteSqlAsync(
                    $"INSERT INTO visa_signing_keys (purpose, key_id, algorithm, private_key, created_at) VALUES ({Purpose}, {keyId}, {"ES256"}, {fresh.ExportPkcs8PrivateKey()}, {time.GetUtcNow()}) ON CONFLICT (purpose) DO NOTHING",
                    cancellationToken);
                row = await db.VisaSigningKeys.AsNoTracking().FirstAsync(k => k.Purpose == Purpose, cancellationToken);
            }

            var ecdsa = ECDsa.Create();
            ecdsa.ImportPkcs8PrivateKey(row.PrivateKey, out _);
            _ecdsa = ecdsa;
            _key = new ECDsaSecurityKey(ecdsa) { KeyId = row.KeyId };
            return _key;
        }
        finally
        {
            _gate.Release();
        }
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

    public void Dispose()
    {
        _ecdsa?.Dispose();
        _gate.Dispose();
    }

    /// <summary>The RFC 7638 thumbprint of the public key: a stable, content-derived key id.</summary>
    private static string Thumbprint(ECDsa ecdsa)
    {
        var p = ecdsa.ExportParameters(false);
        var canonical = $$"""{"crv":"P-256","kty":"EC","x":"{{Base64UrlEncoder.Encode(p.Q.X!)}}","y":"{{Base64UrlEncoder.Encode(p.Q.Y!)}}"}""";
        return Base64UrlEncoder.Encode(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(canonical)));
    }
}
