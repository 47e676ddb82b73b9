using System.Buffers.Text;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Eucaim.Core.Contracts;

/// <summary>
/// The audit chain's head at a moment, signed with the platform key (the ES256 key of the GA4GH
/// visas, published at <c>/.well-known/jwks.json</c>) as a compact JWS:
/// header <c>{"alg":"ES256","kid":…,"typ":"eucaim-audit-checkpoint+jws"}</c>, payload
/// <c>{"seq":57,"hash":"…","at":"2026-12-06T10:00:00.000000Z"}</c>. Written by the Workers to
/// <see cref="BlobLayout.Audit"/>, read by the Api's verification, which then knows how long the
/// chain was and what its entry <see cref="Seq"/> hashed to, whatever the database says now.
/// </summary>
public sealed record AuditCheckpoint(long Seq, string Hash, DateTimeOffset At)
{
    public const string TokenType = "eucaim-audit-checkpoint+jws";
    public const string Algorithm = "ES256";

    public string Sign(ECDsa key, string keyId)
    {
        var header = Encode(JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, string>
        {
            ["alg"] = Algorithm,
            ["kid"] = keyId,
            ["typ"] = TokenType,
        }));
        var payload = Encode(JsonSerializer.SerializeToUtf8Bytes(new Payload(
            Seq, Hash, At.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture))));
        var signingInput = $"{header}.{payload}";
        // IEEE P1363 (r ‖ s) is the JWS encoding of an ES256 signature.
        var signature = key.SignData(Encoding.ASCII.GetBytes(signingInput), HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
        return $"{signingInput}.{Encode(signature)}";
    }

    /// <summary>Reads a checkpoint whose signature <paramref name="key"/> verifies; otherwise null and why.</summary>
    public static AuditCheckpoint? Read(string jws, ECDsa key, out string? problem)
    {
        problem = null;
        var parts = jws.Trim().Split('.');
        if (parts.Length != 3)
        {
            problem = "not a compact JWS";
            return null;
        }

        try
        {
            using var header = JsonDocument.Parse(Base64Url.DecodeFromChars(parts[0]));
            if (!header.RootElement.TryGetProperty("alg", out var alg) || alg.GetString() != Algorithm
                || !header.RootElement.TryGetProperty("typ", out var typ) || typ.GetString() != TokenType)
            {
                problem = $"the header is not alg {Algorithm}, typ {TokenType}";
                return null;
            }

            if (!key.VerifyData(Encoding.ASCII.GetBytes($"{parts[0]}.{parts[1]}"), Base64Url.DecodeFromChars(parts[2]),
                    HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation))
            {
                problem = "the signature does not verify with the platform key";
                return null;
            }

            var payload = JsonSerializer.Deserialize<Payload>(Base64Url.DecodeFromChars(parts[1]));
            if (payload is null || payload.Seq < 1 || payload.Hash is not { Length: 64 }
                || !DateTimeOffset.TryParse(payload.At, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at))
            {
                problem = "the payload lacks seq, hash or at";
                return null;
            }

            return new AuditCheckpoint(payload.Seq, payload.Hash, at);
        }
        catch (Exception ex) when (ex is FormatException or JsonException)
        {
            problem = $"unreadable: {ex.Message}";
            return null;
        }
    }

    private static string Encode(ReadOnlySpan<byte> bytes) => Base64Url.EncodeToString(bytes);

    private sealed record Payload(
        [property: System.Text.Json.Serialization.JsonPropertyName("seq")] long Seq,
        [property: System.Text.Json.Serialization.JsonPropertyName("hash")] string Hash,
        [property: System.Text.Json.Serialization.JsonPropertyName("at")] string At);
}
