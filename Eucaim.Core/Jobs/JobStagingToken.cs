using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace Eucaim.Core.Jobs;

/// <summary>
/// The one credential a job pod holds: 256 random bits, issued at every launch, in a Secret mounted
/// only into the pod's helpers. The job row keeps its SHA-256, never the token, and a new launch
/// replaces it, so a requeued job's old pod can no longer ask for links. It is worth nothing once
/// the job has ended.
/// </summary>
public static class JobStagingToken
{
    public static (string Token, string Hash) Issue()
    {
        var token = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));
        return (token, HashOf(token));
    }

    public static string HashOf(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    public static bool Matches(string? token, string? hash) =>
        !string.IsNullOrEmpty(token) && token.Length <= 128 && hash is not null
        && CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(HashOf(token)), Encoding.ASCII.GetBytes(hash));
}
