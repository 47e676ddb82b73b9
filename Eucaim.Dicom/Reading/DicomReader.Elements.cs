using System.Buffers.Binary;
using System.Globalization;

namespace Eucaim.Dicom;

public sealed partial class DicomReader
{
    /// <summary>
    /// Reads elements into <paramref name="dataset"/> until its end: the defined length <paramref name="end"/>,
    /// an item delimiter (undefined-length item), the end of the stream, or top-level pixel data.
    /// </summary>
    private Outcome ReadDataset(DicomDataset dataset, long end, int depth, Mode mode)
    {
        var inUndefinedItem = end < 0 && depth > 0;
        while (true)
        {
            var start = _source.Position;
            if (end >= 0 && start >= end)
            {
                return Outcome.EndOfDataset;
            }

            if (!_source.Ensure(8))
            {
                if (_source.Buffered == 0 && !inUndefinedItem && end < 0)
                {
                    return Outcome.EndOfDataset;
                }

                if (mode == Mode.FileMeta && _source.Buffered > 0 && _source.Buffered < 8)
                {
                    return Fatal(DicomFindingCodes.Truncated, null, "The file ends inside the file meta information.");
                }

                return Fatal(DicomFindingCodes.Truncated, null, inUndefinedItem
                    ? "The file ends inside a sequence item."
                    : string.Create(CultureInfo.InvariantCulture, $"The file ends inside an element header ({_source.Buffered} stray byte(s))."));
            }

            var head = _source.Peek(8);
            var group = _bigEndian ? BinaryPrimitives.ReadUInt16BigEndian(head) : BinaryPrimitives.ReadUInt16LittleEndian(head);
            var elementNumber = _bigEndian ? BinaryPrimitives.ReadUInt16BigEndian(head[2..]) : BinaryPrimitives.ReadUInt16LittleEndian(head[2..]);
            var tag = new DicomTag(group, elementNumber);
            if (mode == Mode.FileMeta && group != 0x0002)
            {
                return Outcome.EndOfDataset;
            }

            if (group == 0xFFFE)
            {
                var delimiterLength = ReadUInt32(head[4..]);
                _source.Advance(8);
                if (tag == DicomTags.ItemDelimitationItem && inUndefinedItem)
                {
                    return Outcome.ItemDelimiter;
                }

                if (tag == DicomTags.SequenceDelimitationItem && inUndefinedItem)
                {
                    Report(DicomFindingCodes.MalformedSequence, DicomFindingSeverity.Warning, tag, "A sequence delimiter ends an item that had no item delimiter.");
                    return Outcome.SequenceDelimiter;
                }

                if (tag == DicomTags.Item)
                {
                    return Fatal(DicomFindingCodes.MalformedSequence, tag, "An item tag appears where a data element was expected.");
                }

                if (delimiterLength != 0 && delimiterLength != UndefinedLength)
                {
                    return Fatal(DicomFindingCodes.MalformedSequence, tag, "A delimitation item has a non-zero length.");
                }

                Report(DicomFindingCodes.UnexpectedDelimiter, DicomFindingSeverity.Warning, tag, "A delimitation item appears outside the sequence or item it could close.");
                continue;
            }

            DicomVR vr;
            uint length;
            int headerLength;
            if (_explicitVR)
            {
                vr = DicomVR.FromCode((ushort)((head[4] << 8) | head[5]));
                if (vr.IsKnown)
                {
                    if (vr.HasLongLength)
                    {
                        if (!_source.Ensure(12))
                        {
                            return Fatal(DicomFindingCodes.Truncated, tag, "The file ends inside an element header.");
                        }

                        length = ReadUInt32(_source.Peek(12)[8..]);
                        headerLength = 12;
                    }
                    else
                    {
                        length = ReadUInt16(head[6..]);
                        headerLength = 8;
                    }
                }
                else
                {
                    // Same recovery as dcmtk: letters suggest a VR from a newer standard (long form), anything else a short one.
                    var longForm = IsUpper(head[4]) && IsUpper(head[5]);
                    Report(DicomFindingCodes.InvalidVR, DicomFindingSeverity.Error, tag,
                        string.Create(CultureInfo.InvariantCulture, $"Invalid VR bytes {head[4]:X2} {head[5]:X2}; read as UN with a {(longForm ? 4 : 2)}-byte length."));
                    if (longForm)
                    {
                        if (!_source.Ensure(12))
                        {
                            return Fatal(DicomFindingCodes.Truncated, tag, "The file ends inside an element header.");
                        }

                        length = ReadUInt32(_source.Peek(12)[8..]);
                        headerLength = 12;
                    }
                    else
                    {
                        length = ReadUInt16(head[6..]);
                        headerLength = 8;
                    }

                    vr = DicomVR.UN;
                }
            }
            else
            {
                vr = DicomDictionary.ImplicitVR(tag);
                length = ReadUInt32(head[4..]);
                headerLength = 8;
            }

            if (end >= 0 && start + headerLength > end)
            {
                return Fatal(DicomFindingCodes.LengthPastEnd, tag, "An element header runs past the end of its item.");
            }

            _source.Advance(headerLength);
            var outcome = ReadElementValue(dataset, tag, vr, length, end, depth, mode);
            if (outcome != Outcome.EndOfDataset)
            {
                return outcome;
            }
        }
    }

    /// <summary>Reads (or skips, or stops at) the value after an element header; EndOfDataset means "carry on".</summary>
    private Outcome ReadElementValue(DicomDataset dataset, DicomTag tag, DicomVR vr, uint length, long end, int depth, Mode mode)
    {
        var isPixelTag = tag == DicomTags.PixelData || tag == DicomTags.FloatPixelData || tag == DicomTags.DoubleFloatPixelData;
        if (isPixelTag && depth == 0 && mode == Mode.Header)
        {
            if (!_explicitVR)
            {
                vr = tag == DicomTags.PixelData ? DicomVR.OW : tag == DicomTags.FloatPixelData ? DicomVR.OF : DicomVR.OD;
            }

            var info = new DicomPixelDataInfo(tag, vr, _source.Position, length == UndefinedLength ? null : length);
            _result.PixelData = info;

            // A header-only read never walks the value, so a declared length the file cannot hold is caught here
            // (only where the stream length is known): the file is truncated, or the length is garbage (up to 4 GiB).
            if (length != UndefinedLength && _source.Remaining is { } left && length > left)
            {
                info.AvailableLength = left;
                info.IsTruncated = true;
                return Fatal(DicomFindingCodes.Truncated, tag,
                    string.Create(CultureInfo.InvariantCulture, $"Pixel data declares {length} byte(s) but the file holds only {left}."));
            }

            return Outcome.PixelData;
        }

        if (length == UndefinedLength)
        {
            if (vr == DicomVR.SQ || vr == DicomVR.UN)
            {
                // CP-246: an explicit VR UN of undefined length holds a sequence encoded in implicit VR little endian.
                var switchToImplicit = vr == DicomVR.UN && _explicitVR;
                return ReadSequenceElement(dataset, tag, -1, depth, switchToImplicit);
            }

            if (isPixelTag)
            {
                return ReadNestedEncapsulated(dataset, tag, vr);
            }

            return Fatal(DicomFindingCodes.InvalidLength, tag, $"Undefined length is not allowed for VR {vr}.");
        }

        if (end >= 0 && _source.Position + length > end)
        {
            return Fatal(DicomFindingCodes.LengthPastEnd, tag,
                string.Create(CultureInfo.InvariantCulture, $"Value length {length} runs past the end of the enclosing item by {_source.Position + length - end} byte(s)."));
        }

        if (_source.Remaining is { } remaining && length > remaining)
        {
            return Fatal(DicomFindingCodes.LengthPastEnd, tag,
                string.Create(CultureInfo.InvariantCulture, $"Value length {length} is larger than the {remaining} byte(s) left in the file."));
        }

        if (vr == DicomVR.SQ)
        {
            return ReadSequenceElement(dataset, tag, _source.Position + length, depth, switchToImplicit: false);
        }

        if ((length & 1) == 1)
        {
            Report(DicomFindingCodes.OddLength, DicomFindingSeverity.Warning, tag, string.Create(CultureInfo.InvariantCulture, $"Value length {length} is odd."));
        }

        if (isPixelTag && mode == Mode.Trailing || length > (uint)_options.MaxElementValueSize)
        {
            if (!isPixelTag)
            {
                Report(DicomFindingCodes.ValueTooLarge, DicomFindingSeverity.Error, tag,
                    string.Create(CultureInfo.InvariantCulture, $"Value length {length} exceeds the {_options.MaxElementValueSize}-byte limit; the value was skipped."));
            }

            var skipped = _source.Skip(length);
            if (skipped < length)
            {
                return Fatal(DicomFindingCodes.Truncated, tag, string.Create(CultureInfo.InvariantCulture, $"The file ends {length - skipped} byte(s) into a value of {length}."));
            }

            return AddElement(dataset, new DicomElement(tag, vr, ReadOnlyMemory<byte>.Empty, null, length, false));
        }

        if (_valueBytes + length > _options.MaxDatasetValueBytes)
        {
            return Fatal(DicomFindingCodes.HeaderTooLarge, tag, "The dataset holds more value bytes than the configured limit.");
        }

        var value = ReadValue((int)length, out var complete);
        if (!complete)
        {
            return Fatal(DicomFindingCodes.Truncated, tag, string.Create(CultureInfo.InvariantCulture, $"The file ends inside a value of {length} byte(s)."));
        }

        _valueBytes += length;
        if (_bigEndian && vr.BinaryUnitSize > 1)
        {
            SwapToLittleEndian(value.Span, vr == DicomVR.AT ? 2 : vr.BinaryUnitSize);
        }

        return AddElement(dataset, new DicomElement(tag, vr, value, null, 0, false));
    }

    private Memory<byte> ReadValue(int length, out bool complete)
    {
        if (length <= ProgressiveThreshold || _source.Remaining is not null)
        {
            var value = _arena.Allocate(length);
            complete = _source.ReadInto(value.Span) == length;
            return value;
        }

        // Unknown stream length: grow with the bytes that really arrive, so a lying length allocates nothing extra.
        var chunks = new List<byte[]>();
        var total = 0;
        while (total < length)
        {
            var chunk = new byte[Math.Min(ProgressiveThreshold, length - total)];
            var read = _source.ReadInto(chunk);
            total += read;
            chunks.Add(chunk);
            if (read < chunk.Length)
            {
                complete = false;
                return Memory<byte>.Empty;
            }
        }

        var result = new byte[length];
        var offset = 0;
        foreach (var chunk in chunks)
        {
            chunk.CopyTo(result, offset);
            offset += chunk.Length;
        }

        complete = true;
        return result;
    }

    private Outcome ReadSequenceElement(DicomDataset dataset, DicomTag tag, long end, int depth, bool switchToImplicit)
    {
        if (depth + 1 > _options.MaxSequenceDepth)
        {
            return Fatal(DicomFindingCodes.SequenceTooDeep, tag,
                string.Create(CultureInfo.InvariantCulture, $"Sequences nest deeper than the {_options.MaxSequenceDepth}-level limit."));
        }

        var items = new List<DicomDataset>();
        var savedExplicit = _explicitVR;
        var savedBigEndian = _bigEndian;
        if (switchToImplicit)
        {
            _explicitVR = false;
            _bigEndian = false;
        }

        var outcome = ReadItems(items, dataset, end, depth + 1);
        _explicitVR = savedExplicit;
        _bigEndian = savedBigEndian;
        var added = AddElement(dataset, new DicomElement(tag, DicomVR.SQ, ReadOnlyMemory<byte>.Empty, items, 0, false));
        return outcome == Outcome.Fatal ? Outcome.Fatal : added;
    }

    private Outcome ReadItems(List<DicomDataset> items, DicomDataset parent, long end, int depth)
    {
        while (true)
        {
            if (end >= 0 && _source.Position >= end)
            {
                return Outcome.EndOfDataset;
            }

            if (!_source.Ensure(8))
            {
                return Fatal(DicomFindingCodes.Truncated, null, "The file ends inside a sequence.");
            }

            if (end >= 0 && _source.Position + 8 > end)
            {
                return Fatal(DicomFindingCodes.LengthPastEnd, null, "An item header runs past the end of its sequence.");
            }

            var head = _source.Peek(8);
            var tag = new DicomTag(ReadUInt16(head), ReadUInt16(head[2..]));
            var length = ReadUInt32(head[4..]);
            _source.Advance(8);
            if (tag == DicomTags.Item)
            {
                if (++_elementCount > _options.MaxElementCount)
                {
                    return Fatal(DicomFindingCodes.HeaderTooLarge, tag, "The dataset holds more elements than the configured limit.");
                }

                var item = new DicomDataset(8) { Parent = parent };
                items.Add(item);
                if (length == UndefinedLength)
                {
                    var outcome = ReadDataset(item, -1, depth, Mode.Header);
                    if (outcome == Outcome.SequenceDelimiter)
                    {
                        return end < 0 ? Outcome.EndOfDataset : Fatal(DicomFindingCodes.MalformedSequence, tag, "A sequence delimiter appears inside a defined-length sequence.");
                    }

                    if (outcome != Outcome.ItemDelimiter)
                    {
                        return Outcome.Fatal;
                    }
                }
                else
                {
                    var itemEnd = _source.Position + length;
                    var limit = end >= 0 ? end : long.MaxValue;
                    if (_source.Remaining is { } remaining)
                    {
                        limit = Math.Min(limit, _source.Position + remaining);
                    }

                    if (itemEnd > limit)
                    {
                        // Like dcmtk, read the elements that are there; unlike dcmtk, say that the item lied.
                        Report(DicomFindingCodes.LengthPastEnd, DicomFindingSeverity.Error, tag,
                            string.Create(CultureInfo.InvariantCulture, $"Item length {length} runs {itemEnd - limit} byte(s) past the end of its sequence or of the file."));
                        itemEnd = limit;
                    }

                    if (ReadDataset(item, itemEnd, depth, Mode.Header) == Outcome.Fatal)
                    {
                        return Outcome.Fatal;
                    }
                }
            }
            else if (tag == DicomTags.SequenceDelimitationItem)
            {
                if (end < 0)
                {
                    return Outcome.EndOfDataset;
                }

                Report(DicomFindingCodes.UnexpectedDelimiter, DicomFindingSeverity.Warning, tag, "A sequence delimiter appears inside a defined-length sequence.");
            }
            else if (tag == DicomTags.ItemDelimitationItem)
            {
                Report(DicomFindingCodes.UnexpectedDelimiter, DicomFindingSeverity.Warning, tag, "An item delimiter appears between items.");
            }
            else
            {
                return Fatal(DicomFindingCodes.MalformedSequence, tag, "A sequence holds something other than items.");
            }
        }
    }

    /// <summary>Encapsulated pixel data inside a sequence (an icon image): kept whole as its raw item stream.</summary>
    private Outcome ReadNestedEncapsulated(DicomDataset dataset, DicomTag tag, DicomVR vr)
    {
        using var buffer = new MemoryStream();
        var ok = WalkFragments(buffer, out _, out _);
        if (!ok)
        {
            return Outcome.Fatal;
        }

        if (_valueBytes + buffer.Length > _options.MaxDatasetValueBytes)
        {
            return Fatal(DicomFindingCodes.HeaderTooLarge, tag, "The dataset holds more value bytes than the configured limit.");
        }

        _valueBytes += buffer.Length;
        return AddElement(dataset, new DicomElement(tag, vr, buffer.ToArray(), null, 0, encapsulated: true));
    }

    private Outcome AddElement(DicomDataset dataset, DicomElement element)
    {
        if (++_elementCount > _options.MaxElementCount)
        {
            return Fatal(DicomFindingCodes.HeaderTooLarge, element.Tag, "The dataset holds more elements than the configured limit.");
        }

        if (!dataset.AppendRead(element, out var outOfOrder))
        {
            Report(DicomFindingCodes.DuplicateTag, DicomFindingSeverity.Error, element.Tag, "The element appears twice in the same dataset; the first is kept.");
            return Outcome.EndOfDataset;
        }

        if (outOfOrder)
        {
            Report(DicomFindingCodes.TagOrder, DicomFindingSeverity.Warning, element.Tag, "Elements are not in ascending tag order.");
        }

        if (element.Tag == DicomTags.SpecificCharacterSet && !dataset.CharacterSet.IsSupported)
        {
            Report(DicomFindingCodes.UnsupportedCharacterSet, DicomFindingSeverity.Warning, element.Tag, "Specific Character Set names a repertoire this reader does not know; text is decoded as Latin-1.");
        }

        return Outcome.EndOfDataset;
    }

    private ushort ReadUInt16(ReadOnlySpan<byte> bytes) =>
        _bigEndian ? BinaryPrimitives.ReadUInt16BigEndian(bytes) : BinaryPrimitives.ReadUInt16LittleEndian(bytes);

    private uint ReadUInt32(ReadOnlySpan<byte> bytes) =>
        _bigEndian ? BinaryPrimitives.ReadUInt32BigEndian(bytes) : BinaryPrimitives.ReadUInt32LittleEndian(bytes);

    internal static void SwapToLittleEndian(Span<byte> value, int unit)
    {
        var whole = value.Length - (value.Length % unit);
        for (var i = 0; i < whole; i += unit)
        {
            value.Slice(i, unit).Reverse();
        }
    }
}
