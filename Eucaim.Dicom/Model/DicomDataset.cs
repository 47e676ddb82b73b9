using System.Buffers.Binary;
using System.Collections;
using System.Globalization;
using System.Text;

namespace Eucaim.Dicom;

/// <summary>An ordered set of data elements: a file's dataset, its file meta information, or a sequence item.</summary>
public sealed class DicomDataset : IEnumerable<DicomElement>
{
    private readonly List<DicomElement> _elements;
    private DicomCharacterSet? _characterSet;

    public DicomDataset()
        : this(16)
    {
    }

    internal DicomDataset(int capacity) => _elements = new List<DicomElement>(capacity);

    /// <summary>The dataset that holds the sequence this item belongs to; null at top level.</summary>
    public DicomDataset? Parent { get; internal set; }

    /// <summary>Specific Character Set in force here: this dataset's own, else the enclosing dataset's (PS3.5 7.5.3).</summary>
    public DicomCharacterSet CharacterSet => _characterSet ?? Parent?.CharacterSet ?? DicomCharacterSet.Default;

    public int Count => _elements.Count;

    public DicomElement this[int index] => _elements[index];

    public bool Contains(DicomTag tag) => IndexOf(tag) >= 0;

    public DicomElement? GetElement(DicomTag tag)
    {
        var index = IndexOf(tag);
        return index >= 0 ? _elements[index] : null;
    }

    public bool TryGetElement(DicomTag tag, out DicomElement element)
    {
        var index = IndexOf(tag);
        element = index >= 0 ? _elements[index] : null!;
        return index >= 0;
    }

    /// <summary>Adds the element, or replaces the one with the same tag.</summary>
    public void Set(DicomElement element)
    {
        var index = IndexOf(element.Tag);
        if (index >= 0)
        {
            _elements[index] = element;
        }
        else
        {
            _elements.Insert(~index, element);
        }

        Adopt(element);
    }

    public bool Remove(DicomTag tag)
    {
        var index = IndexOf(tag);
        if (index < 0)
        {
            return false;
        }

        _elements.RemoveAt(index);
        if (tag == DicomTags.SpecificCharacterSet)
        {
            _characterSet = null;
        }

        return true;
    }

    public int RemoveAll(Predicate<DicomElement> match) => _elements.RemoveAll(match);

    public void SetString(DicomTag tag, DicomVR vr, string? value)
    {
        var bytes = value is null ? [] : (vr.UsesCharacterSet ? CharacterSet.WriteEncoding : Encoding.ASCII).GetBytes(value);
        Set(new DicomElement(tag, vr, Pad(bytes, vr)));
    }

    public void SetStrings(DicomTag tag, DicomVR vr, IEnumerable<string> values) => SetString(tag, vr, string.Join('\\', values));

    public void SetUInt16(DicomTag tag, params ushort[] values)
    {
        var bytes = new byte[values.Length * 2];
        for (var i = 0; i < values.Length; i++)
        {
            BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(i * 2), values[i]);
        }

        Set(new DicomElement(tag, DicomVR.US, bytes));
    }

    public void SetSequence(DicomTag tag, params DicomDataset[] items) => Set(new DicomElement(tag, items));

    /// <summary>The element's whole value as text, or null when the element is absent.</summary>
    public string? GetString(DicomTag tag) => GetElement(tag) is { IsSequence: false } element ? element.GetString(CharacterSet) : null;

    /// <summary>The first value of a multi-valued string, or null when absent or empty.</summary>
    public string? GetFirstString(DicomTag tag)
    {
        if (GetElement(tag) is not { IsSequence: false } element || element.Value.IsEmpty)
        {
            return null;
        }

        var values = element.GetStrings(CharacterSet);
        return values.Length > 0 && values[0].Length > 0 ? values[0] : null;
    }

    public string[] GetStrings(DicomTag tag) => GetElement(tag) is { IsSequence: false } element ? element.GetStrings(CharacterSet) : [];

    /// <summary>An integer from a binary integer VR (US, SS, UL, SL, ...) or from IS text.</summary>
    public bool TryGetInt64(DicomTag tag, out long value, int index = 0)
    {
        value = 0;
        if (GetElement(tag) is not { IsSequence: false } element)
        {
            return false;
        }

        if (element.TryGetBinaryInteger(index, out value))
        {
            return true;
        }

        if ((element.VR == DicomVR.IS || element.VR == DicomVR.DS || element.VR == DicomVR.UN)
            && element.TryGetAsciiValue(index, out var text)
            && long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value))
        {
            return true;
        }

        value = 0;
        return false;
    }

    public int? GetInt32(DicomTag tag, int index = 0) =>
        TryGetInt64(tag, out var value, index) && value is >= int.MinValue and <= int.MaxValue ? (int)value : null;

    /// <summary>A number from DS or IS text, or from a binary numeric VR.</summary>
    public bool TryGetDouble(DicomTag tag, out double value, int index = 0)
    {
        value = 0;
        if (GetElement(tag) is not { IsSequence: false } element)
        {
            return false;
        }

        if (element.TryGetBinaryFloat(index, out value))
        {
            return true;
        }

        if (element.TryGetBinaryInteger(index, out var integer))
        {
            value = integer;
            return true;
        }

        return element.VR != DicomVR.SQ && element.TryGetAsciiValue(index, out var text) && DicomNumber.TryParseDecimalString(text, out value);
    }

    /// <summary>A DA value (or the date of a DT value), parsed without allocating.</summary>
    public DateOnly? GetDate(DicomTag tag) =>
        GetElement(tag) is { IsSequence: false } element && element.TryGetAsciiValue(0, out var text) && DicomDate.TryParse(text, out var date) ? date : null;

    public double? GetDouble(DicomTag tag, int index = 0) => TryGetDouble(tag, out var value, index) ? value : null;

    /// <summary>All values of a DS/IS/FL/FD element; null when absent or when any value is not a number.</summary>
    public double[]? GetDoubles(DicomTag tag)
    {
        if (GetElement(tag) is not { IsSequence: false } element || element.Value.IsEmpty)
        {
            return null;
        }

        var count = element.ValueMultiplicity;
        var result = new double[count];
        for (var i = 0; i < count; i++)
        {
            if (element.TryGetBinaryFloat(i, out result[i]))
            {
                continue;
            }

            if (element.TryGetBinaryInteger(i, out var integer))
            {
                result[i] = integer;
                continue;
            }

            if (!element.TryGetAsciiValue(i, out var text) || !DicomNumber.TryParseDecimalString(text, out result[i]))
            {
                return null;
            }
        }

        return result;
    }

    /// <summary>A deep copy whose values no longer share memory with a reader's buffers.</summary>
    public DicomDataset Clone()
    {
        var copy = new DicomDataset(_elements.Count);
        foreach (var element in _elements)
        {
            copy._elements.Add(CloneElement(element, copy));
        }

        copy._characterSet = _characterSet;
        return copy;
    }

    public IEnumerator<DicomElement> GetEnumerator() => _elements.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>Appends an element read from a stream; returns false (and keeps the first) when the tag is already present.</summary>
    internal bool AppendRead(DicomElement element, out bool outOfOrder)
    {
        outOfOrder = false;
        if (_elements.Count == 0 || _elements[^1].Tag < element.Tag)
        {
            _elements.Add(element);
            Adopt(element);
            return true;
        }

        var index = IndexOf(element.Tag);
        if (index >= 0)
        {
            return false;
        }

        outOfOrder = true;
        _elements.Insert(~index, element);
        Adopt(element);
        return true;
    }

    internal void SetCharacterSet(DicomCharacterSet characterSet) => _characterSet = characterSet;

    private void Adopt(DicomElement element)
    {
        foreach (var item in element.Items)
        {
            item.Parent = this;
        }

        if (element.Tag == DicomTags.SpecificCharacterSet)
        {
            var terms = Encoding.ASCII.GetString(element.Value.Span).TrimEnd(' ', '\0').Split('\\');
            _characterSet = DicomCharacterSet.FromTerms(terms);
        }
    }

    private int IndexOf(DicomTag tag)
    {
        // Datasets are ordered, so a binary search finds a tag; the last element is checked first because
        // readers and writers mostly touch the end.
        var low = 0;
        var high = _elements.Count - 1;
        while (low <= high)
        {
            var mid = (low + high) >>> 1;
            var current = _elements[mid].Tag.Value;
            if (current == tag.Value)
            {
                return mid;
            }

            if (current < tag.Value)
            {
                low = mid + 1;
            }
            else
            {
                high = mid - 1;
            }
        }

        return ~low;
    }

    private static DicomElement CloneElement(DicomElement element, DicomDataset owner)
    {
        if (element.IsSequence)
        {
            var items = element.Items.Select(item => item.Clone()).ToList();
            foreach (var item in items)
            {
                item.Parent = owner;
            }

            return new DicomElement(element.Tag, element.VR, ReadOnlyMemory<byte>.Empty, items, 0, false);
        }

        return new DicomElement(element.Tag, element.VR, element.Value.ToArray(), null, element.SkippedLength, element.IsEncapsulated);
    }

    internal static byte[] Pad(byte[] bytes, DicomVR vr)
    {
        if ((bytes.Length & 1) == 0)
        {
            return bytes;
        }

        var padded = new byte[bytes.Length + 1];
        bytes.CopyTo(padded, 0);
        padded[^1] = vr.PaddingByte;
        return padded;
    }
}
