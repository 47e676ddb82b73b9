using System.Buffers;
using System.Buffers.Binary;

namespace Eucaim.Dicom;

/// <summary>
/// Where each frame of an instance's pixel data lies (PS3.5 8.2 and A.4), so that a frame can be cut
/// out of a stored file with range reads: native frames one after another, encapsulated frames from
/// their fragments, found by the basic offset table, one fragment per frame, or all fragments for a
/// single frame.
/// </summary>
public static class DicomFrames
{
    private const int Chunk = 64 * 1024;
    private static readonly DicomTag ItemTag = new(0xFFFE, 0xE000);
    private static readonly DicomTag SequenceDelimiter = new(0xFFFE, 0xE0DD);

    /// <summary>Bytes of one native frame, or null when frames are not whole bytes apart (1-bit data) or the header says none.</summary>
    public static long? NativeFrameBytes(int rows, int columns, int samplesPerPixel, int bitsAllocated)
    {
        var bits = (long)rows * columns * samplesPerPixel * bitsAllocated;
        return bits > 0 && bits % 8 == 0 ? bits / 8 : null;
    }

    /// <summary>Big endian values (of <paramref name="unit"/> bytes) in place to little endian; whole units only.</summary>
    public static void SwapToLittleEndian(Span<byte> data, int unit)
    {
        for (var i = 0; i + unit <= data.Length; i += unit)
        {
            data.Slice(i, unit).Reverse();
        }
    }

    /// <summary>
    /// Walks the items of encapsulated pixel data once (reading, not keeping, their bytes), from
    /// <paramref name="content"/> positioned at the value's first byte, which lies at
    /// <paramref name="valueOffset"/> in the file; returns each frame's fragments as (file offset,
    /// length), or null when frames cannot be told apart.
    /// </summary>
    public static async Task<IReadOnlyList<(long Offset, long Length)[]>?> MapFragmentsAsync(
        Stream content, long valueOffset, int frames, CancellationToken cancellationToken)
    {
        var items = new List<(long ItemStart, long Offset, long Length)>();
        long[] offsetTable = [];
        var header = new byte[8];
        var position = valueOffset;
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
                var keep = items.Count == 1 && length == 4L * frames ? new byte[length] : null;
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
                    offsetTable = [.. Enumerable.Range(0, keep.Length / 4).Select(i => (long)BinaryPrimitives.ReadUInt32LittleEndian(keep.AsSpan(i * 4)))];
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(scratch);
        }

        return items.Count < 2 ? null : AssignFragments([.. items.Skip(1)], offsetTable, frames);
    }

    /// <summary>
    /// The fragments (after the offset table item) of each frame: all of them for one frame; by the
    /// offset table when it has an offset per frame (counted from the first fragment's item); one
    /// fragment per frame when the counts match; otherwise null.
    /// </summary>
    public static IReadOnlyList<(long Offset, long Length)[]>? AssignFragments(
        IReadOnlyList<(long ItemStart, long Offset, long Length)> fragments, IReadOnlyList<long> offsetTable, int frames)
    {
        if (fragments.Count == 0)
        {
            return null;
        }

        if (frames == 1)
        {
            return [[.. fragments.Select(f => (f.Offset, f.Length))]];
        }

        if (offsetTable.Count == frames)
        {
            var first = fragments[0].ItemStart;
            return [.. Enumerable.Range(0, frames).Select(i =>
            {
                var start = first + offsetTable[i];
                var end = i + 1 < frames ? first + offsetTable[i + 1] : long.MaxValue;
                return fragments.Where(f => f.ItemStart >= start && f.ItemStart < end).Select(f => (f.Offset, f.Length)).ToArray();
            })];
        }

        return fragments.Count == frames ? [.. fragments.Select(f => new[] { (f.Offset, f.Length) })] : null;
    }
}
