using System.Buffers.Binary;
using System.IO.Hashing;
using System.Text;
using Eucaim.Cli.Platform;

namespace Eucaim.Cli.Upload;

/// <summary>
/// Files packed as one zip archive, stored (DICOM barely compresses, and storing keeps the CPU free
/// for hashing). The bytes are a function of the files alone: the same names, contents and times give
/// the same archive, so a resumed upload regenerates the part and goes on from the server's offset.
/// The length is known before a byte is read (<see cref="Length"/>), as tus wants it at creation.
/// </summary>
internal sealed class PackedPart(IReadOnlyList<SourceFile> files)
{
    /// <summary>Without ZIP64 an archive holds at most this many entries and offsets below 4 GiB.</summary>
    public const int MaxEntries = 65_535;

    public const long MaxLength = uint.MaxValue - 1;

    private const int LocalHeader = 30;
    private const int DataDescriptor = 16;
    private const int CentralHeader = 46;
    private const int EndOfCentralDirectory = 22;

    // Bit 3: sizes and CRC follow the data (the CRC is known only then); bit 11: names are UTF-8.
    private const ushort Flags = 0x0808;

    public IReadOnlyList<SourceFile> Files => files;

    public long Length => LengthOf(files);

    public static long LengthOf(IEnumerable<SourceFile> files) =>
        files.Sum(f => LocalHeader + (long)Encoding.UTF8.GetByteCount(f.Name) + f.Length + DataDescriptor + CentralHeader + Encoding.UTF8.GetByteCount(f.Name)) + EndOfCentralDirectory;

    public async Task WriteAsync(Stream output, CancellationToken cancellationToken)
    {
        var central = new List<(byte[] Name, uint Crc, uint Size, uint Offset, uint DosTime)>(files.Count);
        var buffer = new byte[1024 * 1024];
        long position = 0;
        foreach (var file in files)
        {
            var name = Encoding.UTF8.GetBytes(file.Name);
            var dosTime = DosTime(file.LastWriteUtc);
            var header = new byte[LocalHeader + name.Length];
            BinaryPrimitives.WriteUInt32LittleEndian(header, 0x04034b50);
            BinaryPrimitives.WriteUInt16LittleEndian(header.AsSpan(4), 20);
            BinaryPrimitives.WriteUInt16LittleEndian(header.AsSpan(6), Flags);
            BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(10), dosTime);
            BinaryPrimitives.WriteUInt16LittleEndian(header.AsSpan(26), (ushort)name.Length);
            name.CopyTo(header, LocalHeader);
            await output.WriteAsync(header, cancellationToken);

            var crc = new Crc32();
            long copied = 0;
            await using (var input = new FileStream(file.FullPath, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1, FileOptions.SequentialScan))
            {
                int read;
                while ((read = await input.ReadAsync(buffer.AsMemory(0, (int)Math.Min(buffer.Length, file.Length - copied + 1)), cancellationToken)) > 0)
                {
                    copied += read;
                    if (copied > file.Length)
                    {
                        break;
                    }

                    crc.Append(buffer.AsSpan(0, read));
                    await output.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
                }
            }

            if (copied != file.Length)
            {
                throw new CliException(ExitCodes.Failure, $"{file.FullPath} changed while it was being sent ({file.Length} bytes when found, now {(copied > file.Length ? "more" : copied.ToString())}); run the command again");
            }

            var crcValue = crc.GetCurrentHashAsUInt32();
            var descriptor = new byte[DataDescriptor];
            BinaryPrimitives.WriteUInt32LittleEndian(descriptor, 0x08074b50);
            BinaryPrimitives.WriteUInt32LittleEndian(descriptor.AsSpan(4), crcValue);
            BinaryPrimitives.WriteUInt32LittleEndian(descriptor.AsSpan(8), (uint)file.Length);
            BinaryPrimitives.WriteUInt32LittleEndian(descriptor.AsSpan(12), (uint)file.Length);
            await output.WriteAsync(descriptor, cancellationToken);
            central.Add((name, crcValue, (uint)file.Length, (uint)position, dosTime));
            position += header.Length + file.Length + DataDescriptor;
        }

        var directoryStart = position;
        foreach (var (name, crc, size, offset, dosTime) in central)
        {
            var entry = new byte[CentralHeader + name.Length];
            BinaryPrimitives.WriteUInt32LittleEndian(entry, 0x02014b50);
            BinaryPrimitives.WriteUInt16LittleEndian(entry.AsSpan(4), 20);
            BinaryPrimitives.WriteUInt16LittleEndian(entry.AsSpan(6), 20);
            BinaryPrimitives.WriteUInt16LittleEndian(entry.AsSpan(8), Flags);
            BinaryPrimitives.WriteUInt32LittleEndian(entry.AsSpan(12), dosTime);
            BinaryPrimitives.WriteUInt32LittleEndian(entry.AsSpan(16), crc);
            BinaryPrimitives.WriteUInt32LittleEndian(entry.AsSpan(20), size);
            BinaryPrimitives.WriteUInt32LittleEndian(entry.AsSpan(24), size);
            BinaryPrimitives.WriteUInt16LittleEndian(entry.AsSpan(28), (ushort)name.Length);
            BinaryPrimitives.WriteUInt32LittleEndian(entry.AsSpan(42), offset);
            name.CopyTo(entry, CentralHeader);
            await output.WriteAsync(entry, cancellationToken);
            position += entry.Length;
        }

        var end = new byte[EndOfCentralDirectory];
        BinaryPrimitives.WriteUInt32LittleEndian(end, 0x06054b50);
        BinaryPrimitives.WriteUInt16LittleEndian(end.AsSpan(8), (ushort)central.Count);
        BinaryPrimitives.WriteUInt16LittleEndian(end.AsSpan(10), (ushort)central.Count);
        BinaryPrimitives.WriteUInt32LittleEndian(end.AsSpan(12), (uint)(position - directoryStart));
        BinaryPrimitives.WriteUInt32LittleEndian(end.AsSpan(16), (uint)directoryStart);
        await output.WriteAsync(end, cancellationToken);
    }

    // MS-DOS date and time (2-second resolution, local fields taken from UTC so every machine packs the same bytes).
    private static uint DosTime(DateTime utc)
    {
        var t = utc.Year < 1980 ? new DateTime(1980, 1, 1) : utc;
        return (uint)(((t.Year - 1980) << 25) | (t.Month << 21) | (t.Day << 16) | (t.Hour << 11) | (t.Minute << 5) | (t.Second / 2));
    }
}
