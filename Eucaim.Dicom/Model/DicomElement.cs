using System.Buffers.Binary;

namespace Eucaim.Dicom;

/// <summary>
/// One data element. Binary values are always held in little endian byte order whatever the transfer
/// syntax they were read from; sequences hold their items instead of a value.
/// </summary>
public sealed class DicomElement
{
    private static readonly IList<DicomDataset> NoItems = Array.AsReadOnly(Array.Empty<DicomDataset>());

    public DicomElement(DicomTag tag, DicomVR vr, ReadOnlyMemory<byte> value)
    {
        Tag = tag;
        VR = vr;
        Value = value;
        Items = NoItems;
    }

    public DicomElement(DicomTag tag, IEnumerable<DicomDataset> items)
    {
        Tag = tag;
        VR = DicomVR.SQ;
        Items = new List<DicomDataset>(items);
    }

    internal DicomElement(DicomTag tag, DicomVR vr, ReadOnlyMemory<byte> value, List<DicomDataset>? items, long skippedLength, bool encapsulated)
    {
        Tag = tag;
        VR = vr;
        Value = value;
        Items = items ?? NoItems;
        SkippedLength = skippedLength;
        IsEncapsulated = encapsulated;
    }

    public DicomTag Tag { get; }

    public DicomVR VR { get; }

    /// <summary>The value bytes, little endian, padding included.</summary>
    public ReadOnlyMemory<byte> Value { get; }

    /// <summary>Items of a sequence (VR SQ); empty for other elements.</summary>
    public IList<DicomDataset> Items { get; }

    public bool IsSequence => VR == DicomVR.SQ;

    /// <summary>
    /// Length of a value that was not loaded because it exceeded the reader's limit; 0 when the value is loaded.
    /// Such an element cannot be written back.
    /// </summary>
    public long SkippedLength { get; }

    public bool IsValueSkipped => SkippedLength > 0;

    /// <summary>Undefined-length pixel data nested in a sequence (icons): <see cref="Value"/> holds its raw item stream.</summary>
    public bool IsEncapsulated { get; }

    public bool IsEmpty => IsSequence ? Items.Count == 0 : Value.IsEmpty && !IsValueSkipped;

    public string Keyword => DicomDictionary.KeywordOf(Tag);

    /// <summary>The whole value as text, trailing padding removed (leading spaces too, except for LT, ST, UT, UR).</summary>
    public string GetString(DicomCharacterSet characterSet)
    {
        // Padding is trimmed on the bytes: space and NUL never occur inside a multi-byte character of a DICOM repertoire.
        var span = Trim(Value.Span, leading: !VR.IsUnlimitedText);
        if (span.IsEmpty)
        {
            return string.Empty;
        }

        return VR.UsesCharacterSet || !VR.IsString ? characterSet.Decode(span) : System.Text.Encoding.Latin1.GetString(span);
    }

    /// <summary>The i-th backslash-separated value of an ASCII string VR, padding trimmed, without allocating.</summary>
    internal bool TryGetAsciiValue(int index, out ReadOnlySpan<byte> value)
    {
        var span = Value.Span;
        for (var i = 0; i < index; i++)
        {
            var separator = span.IndexOf((byte)'\\');
            if (separator < 0)
            {
                value = default;
                return false;
            }

            span = span[(separator + 1)..];
        }

        var end = span.IndexOf((byte)'\\');
        value = Trim(end < 0 ? span : span[..end], leading: true);
        return true;
    }

    internal static ReadOnlySpan<byte> Trim(ReadOnlySpan<byte> span, bool leading)
    {
        var end = span.Length;
        while (end > 0 && span[end - 1] is (byte)' ' or 0)
        {
            end--;
        }

        var start = 0;
        if (leading)
        {
            while (start < end && span[start] == (byte)' ')
            {
                start++;
            }
        }

        return span[start..end];
    }

    /// <summary>The values of a multi-valued string, split on backslash and trimmed as PS3.5 6.2 allows.</summary>
    public string[] GetStrings(DicomCharacterSet characterSet)
    {
        if (Value.IsEmpty)
        {
            return [];
        }

        var text = GetString(characterSet);
        if (VR.IsUnlimitedText)
        {
            return [text];
        }

        var parts = text.Split('\\');
        for (var i = 0; i < parts.Length; i++)
        {
            parts[i] = parts[i].Trim(' ', '\0');
        }

        return parts;
    }

    /// <summary>Number of values: string values split on backslash, binary values by their size.</summary>
    public int ValueMultiplicity
    {
        get
        {
            if (IsSequence)
            {
                return Items.Count;
            }

            if (Value.IsEmpty)
            {
                return 0;
            }

            if (VR.IsString)
            {
                return VR.IsUnlimitedText ? 1 : Value.Span.Count((byte)'\\') + 1;
            }

            var unit = VR.BinaryUnitSize;
            return VR == DicomVR.AT ? Value.Length / 4 : unit > 0 && !VR.IsBulkBinary ? Value.Length / unit : 1;
        }
    }

    /// <summary>Reads the i-th binary integer value of a US, SS, UL, SL, AT-free integer VR.</summary>
    public bool TryGetBinaryInteger(int index, out long value)
    {
        value = 0;
        var span = Value.Span;
        var vr = VR;
        var size = vr == DicomVR.US || vr == DicomVR.SS || vr == DicomVR.OW ? 2
            : vr == DicomVR.UL || vr == DicomVR.SL || vr == DicomVR.OL ? 4
            : vr == DicomVR.SV || vr == DicomVR.UV ? 8
            : 0;
        if (size == 0 || span.Length < (index + 1) * size)
        {
            return false;
        }

        var slice = span.Slice(index * size, size);
        value = vr.Code switch
        {
            0x5553 or 0x4F57 => BinaryPrimitives.ReadUInt16LittleEndian(slice),
            0x5353 => BinaryPrimitives.ReadInt16LittleEndian(slice),
            0x554C or 0x4F4C => BinaryPrimitives.ReadUInt32LittleEndian(slice),
            0x534C => BinaryPrimitives.ReadInt32LittleEndian(slice),
            0x5356 => BinaryPrimitives.ReadInt64LittleEndian(slice),
            _ => (long)BinaryPrimitives.ReadUInt64LittleEndian(slice),
        };
        return true;
    }

    public bool TryGetBinaryFloat(int index, out double value)
    {
        value = 0;
        var span = Value.Span;
        if (VR == DicomVR.FL || VR == DicomVR.OF)
        {
            if (span.Length < (index + 1) * 4)
            {
                return false;
            }

            value = BinaryPrimitives.ReadSingleLittleEndian(span.Slice(index * 4, 4));
            return true;
        }

        if (VR == DicomVR.FD || VR == DicomVR.OD)
        {
            if (span.Length < (index + 1) * 8)
            {
                return false;
            }

            value = BinaryPrimitives.ReadDoubleLittleEndian(span.Slice(index * 8, 8));
            return true;
        }

        return false;
    }

    public override string ToString() => $"{Tag} {VR} {(IsSequence ? $"{Items.Count} item(s)" : $"{Value.Length} byte(s)")}";
}
