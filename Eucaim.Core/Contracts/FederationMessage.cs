using System.Buffers.Text;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Eucaim.Core.Contracts;

/// <summary>
/// Every message between the hub and a federated node, in both directions: a compact JWS signed with
/// the sender's federation key (ES256), header <c>{"alg":"ES256","kid":sender,"typ":"eucaim-federation+jws"}</c>,
/// payload <c>{"iss":sender,"aud":recipient,"jti":id,"iat":"…Z","kind":…,"body":{…}}</c>. The receiver checks the
/// signature with the key it registered for the sender, that it is the audience, that the message is fresh
/// (<see cref="IssuedAt"/> within the lifetime) and that it never saw the id before (the replay guard).
/// The hub's id is <see cref="HubId"/>; a node's id is its registered slug (<c>node-1</c>, <c>sas-sevilla</c>).
/// </summary>
public sealed record FederationMessage(string Sender, string Recipient, Guid Id, DateTimeOffset IssuedAt, string Kind, JsonElement Body)
{
    public const string TokenType = "eucaim-federation+jws";
    public const string Algorithm = "ES256";
    public const string HubId = "hub";

    /// <summary>How the hub's link endpoints receive a message: the JWS as the request body.</summary>
    public const string MediaType = "application/jose";

    public static FederationMessage Create<T>(string sender, string recipient, string kind, T body, DateTimeOffset now) =>
        new(sender, recipient, Guid.NewGuid(), now, kind, JsonSerializer.SerializeToElement(body, FederationJson.Options));

    public T BodyAs<T>() =>
        Body.Deserialize<T>(FederationJson.Options) ?? throw new JsonException($"the {Kind} message has no body");

    public string Sign(ECDsa key)
    {
        var header = Encode(JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, string>
        {
            ["alg"] = Algorithm,
            ["kid"] = Sender,
            ["typ"] = TokenType,
        }));
        var payload = Encode(JsonSerializer.SerializeToUtf8Bytes(
            new Payload(Sender, Recipient, Id, IssuedAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture), Kind, Body)));
        var signingInput = $"{header}.{payload}";
        var signature = key.SignData(Encoding.ASCII.GetBytes(signingInput), HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
        return $"{signingInput}.{Encode(signature)}";
    }

    /// <summary>The sender a JWS claims (its <c>kid</c>), read before any check, to look up the key that must verify it.</summary>
    public static string? ClaimedSender(string jws)
    {
        var dot = jws.IndexOf('.', StringComparison.Ordinal);
        if (dot <= 0)
        {
            return null;
        }

        try
        {
            using var header = JsonDocument.Parse(Base64Url.DecodeFromChars(jws.AsSpan(0, dot)));
            return header.RootElement.TryGetProperty("kid", out var kid) && kid.ValueKind == JsonValueKind.String ? kid.GetString() : null;
        }
        catch (Exception ex) when (ex is FormatException or JsonException)
        {
            return null;
        }
    }

    /// <summary>
    /// Reads a message whose signature <paramref name="senderKey"/> verifies and whose <c>iss</c> is the
    /// <c>kid</c> the key was chosen by; otherwise null and why. Freshness, audience and replay are the
    /// receiver's checks (<see cref="Federation.FederationMessageChecks"/>), not the format's.
    /// </summary>
    public static FederationMessage? Read(string jws, ECDsa senderKey, out string? problem)
    {
        problem = null;
        var parts = jws.Trim().Split('.');
        if (parts.Length != 3)
        {
            problem = "the message is not a compact JWS";
            return null;
        }

        try
        {
            string? kid;
            using (var header = JsonDocument.Parse(Base64Url.DecodeFromChars(parts[0])))
            {
                if (!header.RootElement.TryGetProperty("alg", out var alg) || alg.GetString() != Algorithm
                    || !header.RootElement.TryGetProperty("typ", out var typ) || typ.GetString() != TokenType)
                {
                    problem = $"the message's header is not alg {Algorithm}, typ {TokenType}";
                    return null;
                }

                kid = header.RootElement.TryGetProperty("kid", out var k) ? k.GetString() : null;
            }

            if (!senderKey.VerifyData(Encoding.ASCII.GetBytes($"{parts[0]}.{parts[1]}"), Base64Url.DecodeFromChars(parts[2]),
                    HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation))
            {
                problem = $"the signature does not verify with the key registered for {kid ?? "the sender"}";
                return null;
            }

            var payload = JsonSerializer.Deserialize<Payload>(Base64Url.DecodeFromChars(parts[1]));
            if (payload is null || string.IsNullOrEmpty(payload.Iss) || string.IsNullOrEmpty(payload.Aud) || payload.Jti == Guid.Empty
                || string.IsNullOrEmpty(payload.Kind)
                || !DateTimeOffset.TryParse(payload.Iat, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var issuedAt))
            {
                problem = "the message lacks iss, aud, jti, iat or kind";
                return null;
            }

            if (!string.Equals(payload.Iss, kid, StringComparison.Ordinal))
            {
                problem = $"the message's iss {payload.Iss} is not its kid {kid}";
                return null;
            }

            return new FederationMessage(payload.Iss, payload.Aud, payload.Jti, issuedAt, payload.Kind, payload.Body);
        }
        catch (Exception ex) when (ex is FormatException or JsonException)
        {
            problem = $"the message is unreadable: {ex.Message}";
            return null;
        }
    }

    private static string Encode(ReadOnlySpan<byte> bytes) => Base64Url.EncodeToString(bytes);

    private sealed record Payload(
        [property: JsonPropertyName("iss")] string Iss,
        [property: JsonPropertyName("aud")] string Aud,
        [property: JsonPropertyName("jti")] Guid Jti,
        [property: JsonPropertyName("iat")] string Iat,
        [property: JsonPropertyName("kind")] string Kind,
        [property: JsonPropertyName("body")] JsonElement Body);
}
