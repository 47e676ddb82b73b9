using System.Buffers;
using System.Security.Cryptography;

namespace Eucaim.Core.Ingest;

/// <summary>A file's bytes and their SHA-256 (lowercase hex), read in one pass.</summary>
public sealed record HashedContent(byte[] Bytes, string Sha256)
{
    private const int ChunkBytes = 64 * 1024;

    /// <summary>
    /// Reads <paramref name="source"/> to its end: into pooled chunks, each hashed while it is still in
    /// the processor's cache, then one copy into an array of the exact size. A growing memory stream
    /// would copy every byte several times (each time it doubles, then once more for the array).
    /// </summary>
    public static async Task<HashedContent> ReadAsync(Stream source, CancellationToken cancellationToken)
    {
        var chunks = new List<byte[]>();
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        long total = 0;
        var filled = ChunkBytes;
        try
        {
            while (true)
            {
                if (filled == ChunkBytes)
                {
                    chunks.Add(ArrayPool<byte>.Shared.Rent(ChunkBytes));
                    filled = 0;
                }

                var n = await source.ReadAsync(chunks[^1].AsMemory(filled, ChunkBytes - filled), cancellationToken);
                if (n == 0)
                {
                    break;
                }

                hash.AppendData(chunks[^1], filled, n);
                filled += n;
                total += n;
            }

            // Every byte is copied in before it is read, so the array need not be zeroed first.
            var content = GC.AllocateUninitializedArray<byte>(checked((int)total));
            var at = 0;
            foreach (var chunk in chunks)
            {
                var n = (int)Math.Min(ChunkBytes, total - at);
                chunk.AsSpan(0, n).CopyTo(content.AsSpan(at));
                at += n;
            }

            return new HashedContent(content, Convert.ToHexStringLower(hash.GetHashAndReset()));
        }
        finally
        {
            foreach (var chunk in chunks)
            {
                ArrayPool<byte>.Shared.Return(chunk);
            }
        }
    }
}
