using System.Buffers.Binary;
using System.IO.Compression;
using Microsoft.Win32.SafeHandles;

namespace Eucaim.Workers.Ingest;

/// <summary>
/// Where each entry's stored bytes (its deflate stream, for a deflated entry) are in an archive file, read
/// from the central directory and the local headers (PKWARE APPNOTE 4.3, with Zip64), which
/// <see cref="ZipArchive"/> does not tell. The ingest keeps a small deflated instance as the archive held it
/// (<see cref="Core.Ingest.DeflatedInstances"/>) instead of writing it inflated.
/// </summary>
public static class ZipEntryData
{
    /// <summary>An entry as its central directory record describes it; its data starts after its local header.</summary>
    public sealed record Record(ushort Method, bool Encrypted, uint Crc32, long CompressedLength, long Length, long LocalHeaderOffset)
    {
        public bool IsDeflated => Method == 8 && !Encrypted;
    }

    private const uint EndOfCentralDirectory = 0x06054b50;
    private const uint Zip64Locator = 0x07064b50;
    private const uint Zip64EndOfCentralDirectory = 0x06064b50;
    private const uint CentralHeader = 0x02014b50;
    private const uint LocalHeader = 0x04034b50;
    private const int MaxCentralDirectoryBytes = 256 * 1024 * 1024;

    /// <summary>
    /// The records of the archive's entries in the order of <paramref name="archive"/>'s entries, or null when the
    /// central directory cannot be read the same way <see cref="ZipArchive"/> read it (then nothing is kept deflated).
    /// </summary>
    public static IReadOnlyList<Record>? Locate(SafeFileHandle file, ZipArchive archive)
    {
        var records = ReadCentralDirectory(file);
        var entries = archive.Entries;
        if (records is null || records.Count != entries.Count)
        {
            return null;
        }

        for (var i = 0; i < records.Count; i++)
        {
            if (records[i].CompressedLength != entries[i].CompressedLength || records[i].Length != entries[i].Length)
            {
                return null;
            }
        }

        return records;
    }

    /// <summary>Reads the stored bytes of <paramref name="record"/>'s entry; null when its local header is not where the record says.</summary>
    public static byte[]? ReadStored(SafeFileHandle file, Record record)
    {
        Span<byte> local = stackalloc byte[30];
        if (!ReadExactly(file, local, record.LocalHeaderOffset) || BinaryPrimitives.ReadUInt32LittleEndian(local) != LocalHeader)
        {
            return null;
        }

        var start = record.LocalHeaderOffset + 30 + BinaryPrimitives.ReadUInt16LittleEndian(local[26..]) + BinaryPrimitives.ReadUInt16LittleEndian(local[28..]);
        var stored = GC.AllocateUninitializedArray<byte>(checked((int)record.CompressedLength));
        return ReadExactly(file, stored, start) ? stored : null;
    }

    private static List<Record>? ReadCentralDirectory(SafeFileHandle file)
    {
        var length = RandomAccess.GetLength(file);
        var tail = new byte[(int)Math.Min(length, 22 + ushort.MaxValue)];
        if (tail.Length < 22 || !ReadExactly(file, tail, length - tail.Length))
        {
            return null;
        }

        var end = -1;
        for (var i = tail.Length - 22; i >= 0 && end < 0; i--)
        {
            if (BinaryPrimitives.ReadUInt32LittleEndian(tail.AsSpan(i)) == EndOfCentralDirectory)
            {
                end = i;
            }
        }

        if (end < 0)
        {
            return null;
        }

        long count = BinaryPrimitives.ReadUInt16LittleEndian(tail.AsSpan(end + 10));
        long size = BinaryPrimitives.ReadUInt32LittleEndian(tail.AsSpan(end + 12));
        long offset = BinaryPrimitives.ReadUInt32LittleEndian(tail.AsSpan(end + 16));
        if (count == ushort.MaxValue || size == uint.MaxValue || offset == uint.MaxValue)
        {
            if (end < 20 || BinaryPrimitives.ReadUInt32LittleEndian(tail.AsSpan(end - 20)) != Zip64Locator)
            {
                return null;
            }

            Span<byte> zip64 = stackalloc byte[56];
            var at = (long)BinaryPrimitives.ReadUInt64LittleEndian(tail.AsSpan(end - 20 + 8));
            if (at < 0 || !ReadExactly(file, zip64, at) || BinaryPrimitives.ReadUInt32LittleEndian(zip64) != Zip64EndOfCentralDirectory)
            {
                return null;
            }

            count = (long)BinaryPrimitives.ReadUInt64LittleEndian(zip64[32..]);
            size = (long)BinaryPrimitives.ReadUInt64LittleEndian(zip64[40..]);
            offset = (long)BinaryPrimitives.ReadUInt64LittleEndian(zip64[48..]);
        }

        if (size < 0 || size > MaxCentralDirectoryBytes || offset < 0 || count < 0 || count > size / 46)
        {
            return null;
        }

        var directory = new byte[size];
        return ReadExactly(file, directory, offset) ? ParseRecords(directory, (int)count) : null;
    }

    private static List<Record>? ParseRecords(byte[] directory, int count)
    {
        var records = new List<Record>(count);
        var p = 0;
        for (var k = 0; k < count; k++)
        {
            if (p + 46 > directory.Length || BinaryPrimitives.ReadUInt32LittleEndian(directory.AsSpan(p)) != CentralHeader)
            {
                return null;
            }

            var header = directory.AsSpan(p, 46);
            var flags = BinaryPrimitives.ReadUInt16LittleEndian(header[8..]);
            var method = BinaryPrimitives.ReadUInt16LittleEndian(header[10..]);
            var crc = BinaryPrimitives.ReadUInt32LittleEndian(header[16..]);
            long compressed = BinaryPrimitives.ReadUInt32LittleEndian(header[20..]);
            long length = BinaryPrimitives.ReadUInt32LittleEndian(header[24..]);
            int nameLength = BinaryPrimitives.ReadUInt16LittleEndian(header[28..]);
            int extraLength = BinaryPrimitives.ReadUInt16LittleEndian(header[30..]);
            int commentLength = BinaryPrimitives.ReadUInt16LittleEndian(header[32..]);
            long localHeader = BinaryPrimitives.ReadUInt32LittleEndian(header[42..]);
            var next = p + 46 + nameLength + extraLength + commentLength;
            if (next > directory.Length)
            {
                return null;
            }

            // Zip64: the extended information field holds, in this order, each of these that its 32-bit field marks as too large.
            var extra = directory.AsSpan(p + 46 + nameLength, extraLength);
            while (extra.Length >= 4)
            {
                var id = BinaryPrimitives.ReadUInt16LittleEndian(extra);
                var dataLength = BinaryPrimitives.ReadUInt16LittleEndian(extra[2..]);
                if (4 + dataLength > extra.Length)
                {
                    return null;
                }

                if (id == 1)
                {
                    var data = extra.Slice(4, dataLength);
                    if (!Widen(ref data, ref length) || !Widen(ref data, ref compressed) || !Widen(ref data, ref localHeader))
                    {
                        return null;
                    }
                }

                extra = extra[(4 + dataLength)..];
            }

            records.Add(new Record(method, (flags & 1) != 0, crc, compressed, length, localHeader));
            p = next;
        }

        return records;
    }

    private static bool Widen(ref Span<byte> data, ref long value)
    {
        if (value != uint.MaxValue)
        {
            return true;
        }

        if (data.Length < 8)
        {
            return false;
        }

        value = (long)BinaryPrimitives.ReadUInt64LittleEndian(data);
        data = data[8..];
        return value >= 0;
    }

    private static bool ReadExactly(SafeFileHandle file, Span<byte> buffer, long offset)
    {
        while (buffer.Length > 0)
        {
            var n = RandomAccess.Read(file, buffer, offset);
            if (n == 0)
            {
                return false;
            }

            buffer = buffer[n..];
            offset += n;
        }

        return true;
    }
}
