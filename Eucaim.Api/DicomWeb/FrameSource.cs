using System.Buffers;
using System.Buffers.Binary;
using System.Globalization;
using Eucaim.Dicom;

namespace Eucaim.Api.DicomWeb;

/// <summary>
/// The frames of one stored instance, cut out of its pixel data with byte-range reads of the blob:
/// native frames at <c>offset + (n-1) × frame size</c> (big endian data swapped to little endian),
/// encapsulated frames from their fragments (PS3.5 A.4), by the basic offset table, one fragment
/// per frame, or all fragments for a single frame. Memory holds at most one 64 KiB buffer.
/// </summary>
internal sealed class FrameSource
{
    private const int Chunk = 64 * 1024;
    private static readonly DicomTag ItemTag = new(0xFFFE, 0xE000);
    private static readonly DicomTag SequenceDelimiter = new(0xFFFE, 0xE0DD);

    private readonly WadoTarget _target;
    private readonly StoredInstance _instance;
    private readonly DicomPixelDataInfo _pixel;
    private List<(long Offset, long Length)[]>? _frameFragments;
    private long[] _offsetTable = [];

    private FrameSource(WadoTarget target, StoredInstance instance, DicomReadResult header, DicomPixelDataInfo pixel)
    {
        _target = target;
        _instance = instance;
        _pixel = pixel;
        Header = header.Dataset;
        Syntax = header.TransferSyntax;
        Rows = Header.GetInt32(DicomTags.Rows) ?? 0;
        Columns = Header.GetInt32(DicomTags.Columns) ?? 0;
        Samples = Header.GetInt32(DicomTags.SamplesPerPixel) ?? 1;
        BitsAllocated = Header.GetInt32(DicomTags.BitsAllocated) ?? 0;
        Frames = Math.Max(1, Header.GetInt32(DicomTags.NumberOfFrames) ?? 1);
    }

    public DicomDataset Header { get; }

    public DicomTransferSyntax Syntax { get; }

    public int Rows { get; }

    public int Columns { get; }

    public int Samples { get; }

    public int BitsAllocated { get; }

    public int Frames { get; }

    public bool IsEncapsulated => _pixel.IsEncapsulated;

    public DicomTag PixelTag => _pixel.Tag;

    /// <summary>Bytes of one native frame, or null when frames are not whole bytes apart.</summary>
    public long? NativeFrameBytes
    {
        get
        {
            var bits = (long)Rows * Columns * Samples * BitsAllocated;
            return bits > 0 && bits % 8 == 0 ? bits / 8 : null;
        }
    }

    /// <summary>The (media type, transfer syntax) each frame can be served as, best first; empty when none (406).</summary>
    public IReadOnlyList<(string MediaType, string TransferSyntax)> Offers
    {
        get
        {
            if (!IsEncapsulated)
            {
                return Syntax.IsDeflated || NativeFrameBytes is null ? [] : [(FrameMedia.OctetStream, FrameMedia.ExplicitVRLittleEndian)];
            }

            return FrameMedia.ForCompressed(Syntax.Uid) is { } media
                ? [.. FrameMedia.NamesOf(media).Append(FrameMedia.OctetStream).Distinct().Select(name => (name, Syntax.Uid))]
                : [];
        }
    }

    /// <summary>Why <see cref="Offers"/> is empty, in words for the 406.</summary>
    public string Unservable => !IsEncapsulated
        ? Syntax.IsDeflated ? "Frames of deflated instances are not served; retrieve the instance." : "The frames are not whole bytes apart (1-bit data)."
        : $"{Syntax.Name} is video: it has no frames to cut; retrieve the instance.";

    /// <summary>Reads the header of a stored instance; null when it has no pixel data.</summary>
    public static async Task<FrameSource?> OpenAsync(WadoTarget target, StoredInstance instance, CancellationToken cancellationToken)
    {
        await using var content = await target.OpenAsync(instance, cancellationToken);
        using var reader = new DicomReader(content);
        var header = reader.ReadHeader();
        return header.PixelData is { } pixel ? new FrameSource(target, instance, header, pixel) : null;
    }

    /// <summary>Copies frame <paramref name="frame"/> (1-based) to <paramref name="destination"/>; false when its boundaries cannot be found.</summary>
    public async Task<bool> CopyFrameAsync(int frame, Stream destination, CancellationToken cancellationToken)
    {
        if (!IsEncapsulated)
        {
            var size = NativeFrameBytes!.Value;
            var unit = Syntax.IsBigEndian ? _pixel.VR.BinaryUnitSize : 0;
            await CopyRangeAsync(_pixel.ValueOffset + ((frame - 1) * size), size, unit, destination, cancellationToken);
            return true;
        }

        _frameFragments ??= await MapFragmentsAsync(cancellationToken);
        if (_frameFragments is null)
        {
            return false;
        }

        foreach (var (offset, length) in _frameFragments[frame - 1])
        {
            await CopyRangeAsync(offset, length, 0, destination, cancellationToken);
        }

        return true;
    }

    /// <summary>Whether encapsulated frames can be told apart (walks the fragments once).</summary>
    public async Task<bool> CanCutFramesAsync(CancellationToken cancellationToken)
    {
        _frameFragments ??= await MapFragmentsAsync(cancellationToken);
        return _frameFragments is not null;
    }

    /// <summary>Reads one whole frame into memory (rendering needs it whole).</summary>
    public async Task<byte[]> ReadFrameAsync(int frame, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        await CopyFrameAsync(frame, buffer, cancellationToken);
        return buffer.ToArray();
    }

    private async Task CopyRangeAsync(long offset, long length, int swapUnit, Stream destination, CancellationToken cancellationToken)
    {
        await using var content = await _target.OpenRangeAsync(_instance, offset, length, cancellationToken);
        var buffer = ArrayPool<byte>.Shared.Rent(Chunk);
        try
        {
            var left = length;
            while (left > 0)
            {
                // Whole swap units per read, so a chunk boundary never splits a value.
                var want = (int)Math.Min(Chunk, left);
                var read = await content.ReadAtLeastAsync(buffer.AsMemory(0, want), want, throwOnEndOfStream: false, cancellationToken);
                if (read == 0)
                {
                    throw new InvalidDataException(string.Create(CultureInfo.InvariantCulture, $"The stored instance ends {left} byte(s) before the end of its pixel data."));
                }

                if (swapUnit > 1)
                {
                    Swap(buffer.AsSpan(0, read), swapUnit);
                }

                await destination.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
                left -= read;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static void Swap(Span<byte> data, int unit)
    {
        for (var i = 0; i + unit <= data.Length; i += unit)
        {
            data.Slice(i, unit).Reverse();
        }
    }

    /// <summary>Walks the items once (reading, not keeping, their bytes) and assigns fragments to frames; null when frames cannot be told apart.</summary>
    private async Task<List<(long Offset, long Length)[]>?> MapFragmentsAsync(CancellationToken cancellationToken)
    {
        var items = new List<(long ItemStart, long Offset, long Length)>();
        await using (var content = await _target.OpenRangeAsync(_instance, _pixel.ValueOffset, null, cancellationToken))
        {
            var header = new byte[8];
            var position = _pixel.ValueOffset;
            var scratch = ArrayPool<byte>.Shared.Rent(Chunk);
            try
            {
                while (await content.ReadAtLeastAsync(header, 8, throwOnEndOfStream: false, cancellationToken) == 8)
                {
                    var tag = new DicomTag(BinaryPrimitives.ReadUInt16LittleEndian(header), BinaryPrimitives.ReadUInt16LittleEndian(header.AsSpan(2)));
                    var length = BinaryPrimitives.ReadUInt32LittleEndian(header.AsSpan(4));
                    if (tag == SequenceDelimiter || tag != ItemTag || length == uint.MaxValue)
                    {
                        break;
                    }

                    items.Add((position, position + 8, length));
                    position += 8 + length;

                    // The basic offset table (first item) is kept when it has one offset per frame: it says where frames start.
                    var keep = items.Count == 1 && length == 4L * Frames ? new byte[length] : null;
                    for (long left = length; left > 0;)
                    {
                        var target = keep is null ? scratch.AsMemory(0, (int)Math.Min(Chunk, left)) : keep.AsMemory((int)(length - left));
                        var read = await content.ReadAsync(target, cancellationToken);
                        if (read == 0)
                        {
                            return null;
                        }

                        left -= read;
                    }

                    if (keep is not null)
                    {
                        _offsetTable = Enumerable.Range(0, keep.Length / 4).Select(i => (long)BinaryPrimitives.ReadUInt32LittleEndian(keep.AsSpan(i * 4))).ToArray();
                    }
                }
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(scratch);
            }
        }

        return items.Count < 2 ? null : AssignFrames(items.Skip(1).ToList());
    }

    private List<(long Offset, long Length)[]>? AssignFrames(List<(long ItemStart, long Offset, long Length)> fragments)
    {
        if (Frames == 1)
        {
            return [fragments.Select(f => (f.Offset, f.Length)).ToArray()];
        }

        if (_offsetTable.Length == Frames)
        {
            // Offsets count from the first byte of the first fragment's item.
            var first = fragments[0].ItemStart;
            return Enumerable.Range(0, Frames).Select(i =>
            {
                var start = first + _offsetTable[i];
                var end = i + 1 < Frames ? first + _offsetTable[i + 1] : long.MaxValue;
                return fragments.Where(f => f.ItemStart >= start && f.ItemStart < end).Select(f => (f.Offset, f.Length)).ToArray();
            }).ToList();
        }

        return fragments.Count == Frames ? fragments.Select(f => new[] { (f.Offset, f.Length) }).ToList() : null;
    }
}
