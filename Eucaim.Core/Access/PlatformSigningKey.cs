using System.Security.Cryptography;
using Eucaim.Core.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Eucaim.Core.Access;

/// <summary>
/// The platform key: one ES256 row of <c>visa_signing_keys</c> (purpose <see cref="Purpose"/>) that signs
/// the Api's GA4GH visas and the Workers' audit checkpoints, so the public JWKS verifies both. The first
/// replica that needs it generates it and inserts it with <c>ON CONFLICT DO NOTHING</c>; every replica
/// then reads the row that won.
/// </summary>
public sealed class PlatformSigningKey(IServiceScopeFactory scopes, TimeProvider time) : IDisposable
{
    public const string Purpose = "ga4gh-visa";

    private readonly SemaphoreSlim _gate = new(1, 1);
    private (ECDsa Key, string KeyId)? _loaded;

    public async Task<(ECDsa Key, string KeyId)> LoadAsync(CancellationToken cancellationToken)
    {
        if (_loaded is { } cached)
        {
            return cached;
        }

        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (_loaded is { } again)
            {
                return again;
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

            var key = ECDsa.Create();
            key.ImportPkcs8PrivateKey(row.PrivateKey, out _);
            _loaded = (key, row.KeyId);
            return _loaded.Value;
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Dispose()
    {
        _loaded?.Key.Dispose();
        _gate.Dispose();
    }

    /// <summary>The RFC 7638 thumbprint of the public key: a stable, content-derived key id.</summary>
    private static string Thumbprint(ECDsa ecdsa)
    {
        var p = ecdsa.ExportParameters(false);
        var canonical = $$"""{"crv":"P-256","kty":"EC","x":"{{System.Buffers.Text.Base64Url.EncodeToString(p.Q.X!)}}","y":"{{System.Buffers.Text.Base64Url.EncodeToString(p.Q.Y!)}}"}""";
        return System.Buffers.Text.Base64Url.EncodeToString(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(canonical)));
    }
}
