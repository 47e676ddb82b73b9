using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Eucaim.Core.Catalogue.Search;

/// <summary>
/// Opaque keyset page tokens: the sort position after the last item of a page, bound to the query
/// it came from (a fingerprint), HMAC-signed with a key kept in the database so that any API
/// instance accepts any other's tokens and nobody can forge or edit one.
/// </summary>
internal static class PageToken
{
    private const int MacLength = 16;

    private sealed record Content(string S, string F, string? T, long N, double R, Guid I);

    public static string Create(byte[] key, CatalogueSort sort, string fingerprint, SortKey position)
    {
        var payload = JsonSerializer.SerializeToUtf8Bytes(new Content(sort.Name(), Digest(fingerprint), position.Text, position.Number, position.Rank, position.Id));
        var mac = HMACSHA256.HashData(key, payload).AsSpan(0, MacLength);
        return $"{Base64Url.EncodeToString(payload)}.{Base64Url.EncodeToString(mac)}";
    }

    /// <summary>The position the token points after, or null when it is malformed, forged, or from another query.</summary>
    public static SortKey? Read(byte[] key, CatalogueSort sort, string fingerprint, string token)
    {
        var dot = token.IndexOf('.');
        if (dot <= 0 || !TryDecode(token[..dot], out var payload) || !TryDecode(token[(dot + 1)..], out var mac) || mac.Length != MacLength)
        {
            return null;
        }

        if (!CryptographicOperations.FixedTimeEquals(HMACSHA256.HashData(key, payload).AsSpan(0, MacLength), mac))
        {
            return null;
        }

        try
        {
            var content = JsonSerializer.Deserialize<Content>(payload);
            return content is not null && content.S == sort.Name() && content.F == Digest(fingerprint)
                ? new SortKey(content.T, content.N, content.R, content.I)
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string Digest(string fingerprint) =>
        Base64Url.EncodeToString(SHA256.HashData(Encoding.UTF8.GetBytes(fingerprint)).AsSpan(0, 12));

    private static bool TryDecode(string text, out byte[] bytes)
    {
        try
        {
            bytes = Base64Url.DecodeFromChars(text);
            return true;
        }
        catch (FormatException)
        {
            bytes = [];
            return false;
        }
    }
}
