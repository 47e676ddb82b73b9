using System.Security.Cryptography;
using System.IO.Compression;
using System.IO.Hashing;

namespace Eucaim.Workers.Ingest;

/// <summary>
/// Decides, from the central directory alone and before a byte is inflated, whether an uploaded
/// archive may be read: no entry may climb out of the upload (<c>..</c>, absolute paths, drive
/// letters) or be a symbolic link, and entry count, total size and compression ratio stay within
/// limits (zip bombs). One bad entry rejects the whole archive: it was crafted or damaged.
/// Entries are never extracted to disk, only read into memory one at a time, so nothing is
/// written outside the upload whatever the names say.
/// </summary>
public static class ZipInspection
{
    private const int UnixFileTypeMask = 0xF000;
    private const int UnixSymlink = 0xA000;

    /// <returns>The file entries to ingest, or the reason the archive is refused.</returns>
    public static (IReadOnlyList<ZipArchiveEntry> Entries, string? Refusal) Inspect(ZipArchive archive, IngestOptions limits)
    {
        var all = archive.Entries;
        if (all.Count > limits.MaxZipEntries)
        {
            return ([], $"The archive has {all.Count} entries; at most {limits.MaxZipEntries} are accepted.");
        }

        var files = new List<ZipArchiveEntry>();
        long total = 0;
        foreach (var entry in all)
        {
            var name = entry.FullName;
            if (UnsafeName(name))
            {
                return ([], $"Entry '{name}' points outside the archive (absolute path, drive letter or '..').");
            }

            if (((entry.ExternalAttributes >> 16) & UnixFileTypeMask) == UnixSymlink)
            {
                return ([], $"Entry '{name}' is a symbolic link.");
            }

            if (name.EndsWith('/'))
            {
                continue;
            }

            total += entry.Length;
            if (entry.Length > limits.MaxFileBytes)
            {
                return ([], $"Entry '{name}' inflates to {entry.Length} bytes; at most {limits.MaxFileBytes} per file.");
            }

            if (total > limits.MaxZipUncompressedBytes)
            {
                return ([], $"The archive inflates to more than {limits.MaxZipUncompressedBytes} bytes.");
            }

            if (entry.Length > 0 && (entry.CompressedLength == 0 || entry.Length / Math.Max(1, entry.CompressedLength) > limits.MaxZipCompressionRatio))
            {
                return ([], $"Entry '{name}' has a compression ratio over {limits.MaxZipCompressionRatio}:1 (a zip bomb?).");
            }

            files.Add(entry);
        }

        return (files, null);
    }

    private static bool UnsafeName(string name) =>
        name.Length == 0 || name.Contains('\0') || name.StartsWith('/') || name.StartsWith('\\')
        || (name.Length >= 2 && name[1] == ':')
        || name.Split('/', '\\').Any(segment => segment == "..");

    /// <summary>Inflated a chunk at a time, so that each chunk is hashed while it is still in the processor's cache.</summary>
    private const int ChunkBytes = 64 * 1024;

    /// <summary>
    /// Opens the local copy of an uploaded archive with a 64 KiB read buffer: the default 4 KiB would read the
    /// compressed bytes in as many small system calls.
    /// </summary>
    public static ZipArchive Open(string path)
    {
        var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, ChunkBytes);
        try
        {
            return new ZipArchive(file, ZipArchiveMode.Read);
        }
        catch
        {
            // Not an archive (the caller reports why): the file is not left open behind it.
            file.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Reads an entry into memory with its SHA-256 (one pass over the bytes: hashed as they are inflated),
    /// refusing more bytes than its header declared (a lying header is a bomb too). Synchronous on purpose: the
    /// archive is a local file, read through the page cache, and inflating is processor work; asynchronous reads
    /// would hand each buffer of compressed bytes to another thread.
    /// </summary>
    public static (byte[] Content, string Sha256)? Read(ZipArchiveEntry entry, CancellationToken cancellationToken)
    {
        using var stream = entry.Open();
        return Read(stream, entry.Length, crc: null, cancellationToken);
    }

    /// <summary>
    /// As <see cref="Read(ZipArchiveEntry, CancellationToken)"/>, from an entry's deflate stream read by
    /// <see cref="ZipEntryData.ReadStored"/>, checked against the CRC-32 its record declares as the archive reader would
    /// (computed in the same pass as the SHA-256).
    /// </summary>
    public static (byte[] Content, string Sha256)? Inflate(byte[] deflated, ZipEntryData.Record record, CancellationToken cancellationToken)
    {
        using var stream = new DeflateStream(new MemoryStream(deflated, writable: false), CompressionMode.Decompress);
        var crc = new Crc32();
        try
        {
            return Read(stream, record.Length, crc, cancellationToken) is { } read && crc.GetCurrentHashAsUInt32() == record.Crc32 ? read : null;
        }
        catch (InvalidDataException)
        {
            // Damaged: reported as an entry that cannot be read, like one that inflates to too much.
            return null;
        }
    }

    private static (byte[] Content, string Sha256)? Read(Stream stream, long length, Crc32? crc, CancellationToken cancellationToken)
    {
        // Every byte is written before it is read, so the array need not be zeroed first.
        var content = GC.AllocateUninitializedArray<byte>(checked((int)length));
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var read = 0;
        while (read < content.Length)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var n = stream.Read(content, read, Math.Min(ChunkBytes, content.Length - read));
            if (n == 0)
            {
                return null;
            }

            hash.AppendData(content, read, n);
            crc?.Append(content.AsSpan(read, n));
            read += n;
        }

        Span<byte> probe = stackalloc byte[1];
        return stream.Read(probe) == 0 ? (content, Convert.ToHexStringLower(hash.GetHashAndReset())) : null;
    }
}
