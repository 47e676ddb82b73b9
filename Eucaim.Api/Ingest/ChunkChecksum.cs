using System.Security.Cryptography;

namespace Eucaim.Api.Ingest;

/// <summary>A chunk's <c>Upload-Checksum</c>: "algorithm base64(digest)" (tus checksum extension).</summary>
internal sealed record ChunkChecksum(HashAlgorithmName Algorithm, byte[] Expected)
{
    /// <returns>Null with an error when the header is malformed or names an algorithm we do not offer.</returns>
    public static (ChunkChecksum? Checksum, string? Error) Parse(string? header)
    {
        if (string.IsNullOrWhiteSpace(header))
        {
            return (null, null);
        }

        var parts = header.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length != 2)
        {
            return (null, "Upload-Checksum must be '<algorithm> <base64 digest>'.");
        }

        HashAlgorithmName? algorithm = parts[0].ToLowerInvariant() switch
        {
            "sha1" => HashAlgorithmName.SHA1,
            "md5" => HashAlgorithmName.MD5,
            "sha256" => HashAlgorithmName.SHA256,
            _ => null,
        };
        if (algorithm is null)
        {
            return (null, $"Upload-Checksum algorithm '{parts[0]}' is not supported; use one of {Tus.ChecksumAlgorithms}.");
        }

        try
        {
            return (new ChunkChecksum(algorithm.Value, Convert.FromBase64String(parts[1])), null);
        }
        catch (FormatException)
        {
            return (null, "Upload-Checksum digest is not base64.");
        }
    }

    public IncrementalHash CreateHasher() => IncrementalHash.CreateHash(Algorithm);
}
