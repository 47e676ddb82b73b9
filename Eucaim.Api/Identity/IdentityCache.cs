using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Caching.Memory;

namespace Eucaim.Api.Identity;

/// <summary>
/// Short-lived answers of the sign-in provider (userinfo, introspection) keyed by a hash of the
/// token, so tokens never sit in memory as keys. Bounded, so a flood of distinct tokens cannot
/// grow it without limit.
/// </summary>
internal sealed class IdentityCache(TimeProvider time) : IDisposable
{
    private const int MaxEntries = 10_000;
    private readonly MemoryCache _cache = new(new MemoryCacheOptions { SizeLimit = MaxEntries });

    public bool TryGet<T>(string kind, string token, out T value) where T : class
    {
        value = null!;
        if (_cache.TryGetValue(Key(kind, token), out var cached) && cached is T typed)
        {
            value = typed;
            return true;
        }

        return false;
    }

    /// <summary>Keeps <paramref name="value"/> for <paramref name="seconds"/>, never past <paramref name="notAfter"/>.</summary>
    public void Set<T>(string kind, string token, T value, int seconds, DateTimeOffset? notAfter) where T : class
    {
        var expires = time.GetUtcNow().AddSeconds(seconds);
        if (notAfter is { } end && end < expires)
        {
            expires = end;
        }

        if (seconds <= 0 || expires <= time.GetUtcNow())
        {
            return;
        }

        _cache.Set(Key(kind, token), value, new MemoryCacheEntryOptions { AbsoluteExpiration = expires, Size = 1 });
    }

    public void Dispose() => _cache.Dispose();

    private static string Key(string kind, string token) =>
        $"{kind}:{Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(token)))}";
}
