namespace Eucaim.Core.Access;

/// <summary>
/// The key that signs GA4GH visas, kept in PostgreSQL so that every Api replica and every restart
/// signs with the same key (and the JWKS stays stable). One row per purpose; the first replica to
/// need one inserts it, concurrent replicas read the winner's.
/// </summary>
public sealed class VisaSigningKey
{
    public required string Purpose { get; set; }

    public required string KeyId { get; set; }

    /// <summary>A JWS algorithm name: <c>ES256</c>.</summary>
    public required string Algorithm { get; set; }

    /// <summary>The private key, PKCS#8 DER.</summary>
    public required byte[] PrivateKey { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
}
