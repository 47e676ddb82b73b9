using System.Buffers;
using System.Buffers.Binary;
using System.Globalization;

namespace Eucaim.Dicom;

public sealed partial class DicomReader
{
    private const int CopyChunk = 64 * 1024;

    private bool TransferPixelData(Stream? destination)
    {
        var info = _result.PixelData!;
        _state = ReaderState.AfterPixelData;
        bool ok;
        if (info.Length is { } length)
        {
            var moved = destination is null ? _source.Skip(length) : CopyNative(destination, length, info.VR);
            info.AvailableLength = moved;
            ok = moved == length;
            if (!ok)
            {
                info.IsTruncated = true;
                Fatal(DicomFindingCodes.Truncated, info.Tag,
                    string.Create(CultureInfo.InvariantCulture, $"Pixel data declares {length} byte(s) but the file holds only {moved}."));
            }
        }
        else
        {
            ok = WalkFragments(destination, out var fragments, out var bytes);
            info.FragmentCount = fragments;
            info.AvailableLength = bytes;
            info.IsTruncated = !ok;
        }

        if (!ok)
        {
            _state = ReaderState.Finished;
        }

        ReportStreamFault();
        return ok;
    }

    private long CopyNative(Stream destination, long length, DicomVR vr)
    {
        var unit = vr.BinaryUnitSize;
        if (!_bigEndian || unit <= 1)
        {
            return _source.CopyTo(length, destination.Write);
        }

        // Big endian words are swapped in whole-unit chunks, so a chunk boundary never splits a value.
        var buffer = ArrayPool<byte>.Shared.Rent(CopyChunk);
        try
        {
            var copied = 0L;
            while (copied < length)
            {
                var want = (int)Math.Min(CopyChunk, length - copied);
                var read = _source.ReadInto(buffer.AsSpan(0, want));
                SwapToLittleEndian(buffer.AsSpan(0, read), unit);
                destination.Write(buffer, 0, read);
                copied += read;
                if (read < want)
                {
                    break;
                }
            }

            return copied;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Walks the items of encapsulated pixel data (PS3.5 A.4), skipping or copying each fragment.</summary>
    private bool WalkFragments(Stream? destination, out int fragments, out long bytes)
    {
        fragments = 0;
        bytes = 0;
        Span<byte> header = stackalloc byte[8];
        while (true)
        {
            if (!_source.Ensure(8))
            {
                Fatal(DicomFindingCodes.Truncated, DicomTags.PixelData, "The file ends inside encapsulated pixel data.");
                return false;
            }

            _source.Peek(8).CopyTo(header);
            var tag = new DicomTag(ReadUInt16(header), ReadUInt16(header[2..]));
            var length = ReadUInt32(header[4..]);
            _source.Advance(8);
            if (tag == DicomTags.SequenceDelimitationItem)
            {
                destination?.Write(header);
                return true;
            }

            if (tag != DicomTags.Item || length == UndefinedLength)
            {
                Fatal(DicomFindingCodes.MalformedPixelData, tag, "Encapsulated pixel data holds something other than defined-length items.");
                return false;
            }

            if (_source.Remaining is { } remaining && length > remaining)
            {
                Fatal(DicomFindingCodes.LengthPastEnd, tag,
                    string.Create(CultureInfo.InvariantCulture, $"A pixel data fragment of {length} byte(s) is larger than the {remaining} byte(s) left."));
                return false;
            }

            fragments++;
            if (destination is not null)
            {
                // Items are rewritten little endian: encapsulated syntaxes are little endian by definition.
                BinaryPrimitives.WriteUInt16LittleEndian(header, tag.Group);
                BinaryPrimitives.WriteUInt16LittleEndian(header[2..], tag.Element);
                BinaryPrimitives.WriteUInt32LittleEndian(header[4..], length);
                destination.Write(header);
            }

            var moved = destination is null ? _source.Skip(length) : _source.CopyTo(length, destination.Write);
            bytes += moved;
            if (moved < length)
            {
                Fatal(DicomFindingCodes.Truncated, tag, string.Create(CultureInfo.InvariantCulture, $"The file ends {length - moved} byte(s) before the end of a pixel data fragment."));
                return false;
            }
        }
    }
}
