using System.Security.Cryptography;

namespace Eucaim.Core.Ingest;

/// <summary>
/// A file's bytes and their SHA-256 (lowercase hex), read in one pass into a buffer of
/// <see cref="InstanceBuffers"/>. Dispose it once the bytes are stored: the buffer then serves the next file.
/// </summary>
public sealed class HashedContent : IDisposable
{
    private byte[]? _buffer;

    private HashedContent(byte[] buffer, int length, string sha256)
    {
        _buffer = buffer;
        Bytes = new ArraySegment<byte>(buffer, 0, length);
        Sha256 = sha256;
    }

    /// <summary>The bytes; not to be read after <see cref="Dispose"/>.</summary>
    public ArraySegment<byte> Bytes { get; }

    public string Sha256 { get; }

    /// <summary>Reads <paramref name="source"/> to its end; a seekable stream says its own length.</summary>
    public static Task<HashedContent> ReadAsync(Stream source, CancellationToken cancellationToken) =>
        ReadAsync(source, 0, cancellationToken);

    /// <summary>
    /// Reads <paramref name="source"/> to its end, hashing each read while it is still in the processor's
    /// cache, straight into one buffer of at least <paramref name="expectedLength"/> bytes (the length of the
    /// part before, in a series of slices of one size): no copy when the guess holds, one doubling at a time
    /// when it does not.
    /// </summary>
    public static async Task<HashedContent> ReadAsync(Stream source, int expectedLength, CancellationToken cancellationToken)
    {
        if (source.CanSeek)
        {
            expectedLength = (int)Math.Clamp(source.Length - source.Position, 0, Array.MaxLength - 1);
        }

        // One byte more than expected: the read that finds the end needs room, or it would grow the buffer for nothing.
        var buffer = InstanceBuffers.Rent(Math.Max(expectedLength, 0) + 1);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var length = 0;
        try
        {
            while (true)
            {
                if (length == buffer.Length)
                {
                    buffer = Grow(buffer);
                }

                var n = await source.ReadAsync(buffer.AsMemory(length), cancellationToken);
                if (n == 0)
                {
                    break;
                }

                hash.AppendData(buffer, length, n);
                length += n;
            }
        }
        catch
        {
            InstanceBuffers.Return(buffer);
            throw;
        }

        return new HashedContent(buffer, length, Convert.ToHexStringLower(hash.GetHashAndReset()));
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _buffer, null) is { } buffer)
        {
            InstanceBuffers.Return(buffer);
        }
    }

    private static byte[] Grow(byte[] full)
    {
        if (full.Length >= Array.MaxLength)
        {
            throw new InvalidDataException($"A part is larger than {Array.MaxLength:N0} bytes, the most one buffer holds.");
        }

        var larger = InstanceBuffers.Rent((int)Math.Min(2L * full.Length, Array.MaxLength));
        full.CopyTo(larger, 0);
        InstanceBuffers.Return(full);
        return larger;
    }
}
