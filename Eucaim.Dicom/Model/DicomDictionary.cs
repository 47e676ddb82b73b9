using System.Globalization;

namespace Eucaim.Dicom;

/// <summary>The PS3.6 data dictionary (standard attributes only; private attributes have no dictionary here).</summary>
public static class DicomDictionary
{
    // Loaded on first use, and cheaply: a command-line tool checking a few files pays this on every run
    // (docs/cli.md#starting-fast). Tags are found by binary search over the sorted table; the keyword
    // index is built only when a keyword is looked up.
    private static readonly Lazy<Tables> Data = new(Load, LazyThreadSafetyMode.ExecutionAndPublication);
    private static readonly Lazy<Dictionary<string, DicomDictionaryEntry>> ByKeyword = new(IndexKeywords, LazyThreadSafetyMode.ExecutionAndPublication);

    public static int Count
    {
        get
        {
            var tables = Data.Value;
            return tables.Tags.Length + tables.Repeating.Length;
        }
    }

    public static DicomDictionaryEntry? Find(DicomTag tag)
    {
        var tables = Data.Value;
        var index = Array.BinarySearch(tables.Tags, tag.Value);
        if (index >= 0)
        {
            return tables.Entries[index];
        }

        // Repeating groups (50xx curves, 60xx overlays) are looked up by mask only when the exact tag is unknown.
        foreach (var (mask, value, repeating) in tables.Repeating)
        {
            if ((tag.Value & mask) == value)
            {
                return repeating;
            }
        }

        return null;
    }

    public static DicomDictionaryEntry? FindByKeyword(string keyword) =>
        ByKeyword.Value.TryGetValue(keyword, out var entry) ? entry : null;

    /// <summary>The VR to assume for an element whose encoding does not carry one (implicit VR).</summary>
    public static DicomVR ImplicitVR(DicomTag tag)
    {
        if (tag.IsGroupLength)
        {
            return DicomVR.UL;
        }

        if (tag.IsPrivate)
        {
            return tag.IsPrivateCreator ? DicomVR.LO : DicomVR.UN;
        }

        return Find(tag)?.DefaultVR ?? DicomVR.UN;
    }

    public static string KeywordOf(DicomTag tag) => Find(tag)?.Keyword ?? (tag.IsPrivateCreator ? "PrivateCreator" : tag.IsPrivate ? "Private" : "Unknown");

    private static Tables Load()
    {
        string text;
        using (var stream = typeof(DicomDictionary).Assembly.GetManifestResourceStream("Eucaim.Dicom.dicom-dictionary.tsv")
            ?? throw new InvalidOperationException("The embedded PS3.6 dictionary resource is missing from Eucaim.Dicom."))
        using (var reader = new StreamReader(stream))
        {
            text = reader.ReadToEnd();
        }

        var tags = new List<uint>(5000);
        var entries = new List<DicomDictionaryEntry>(5000);
        var repeating = new List<(uint, uint, DicomDictionaryEntry)>();
        foreach (var line in text.AsSpan().EnumerateLines())
        {
            if (line.IsEmpty || line[0] == '#')
            {
                continue;
            }

            // tag \t VR[|VR…] \t keyword [\t R]
            var rest = line;
            var tagText = Field(ref rest);
            var vrText = Field(ref rest);
            var keyword = Field(ref rest).ToString();
            var retired = rest.SequenceEqual("R");
            var vrs = ValueRepresentations(vrText);
            if (tagText.Contains('x'))
            {
                // A few dozen repeating-group patterns (50xx, 60xx): x is a wildcard nibble.
                var pattern = tagText.ToString();
                var maskText = string.Concat(pattern.Select(c => c == 'x' ? '0' : 'F'));
                var valueText = pattern.Replace('x', '0');
                var value = Hex(valueText);
                repeating.Add((Hex(maskText), value, new DicomDictionaryEntry(new DicomTag(value), vrs, keyword, retired)));
            }
            else
            {
                var tag = Hex(tagText);
                if (tags.Count > 0 && tags[^1] >= tag)
                {
                    throw new InvalidOperationException($"The embedded PS3.6 dictionary is not sorted by tag at {tagText}.");
                }

                tags.Add(tag);
                entries.Add(new DicomDictionaryEntry(new DicomTag(tag), vrs, keyword, retired));
            }
        }

        return new Tables([.. tags], [.. entries], [.. repeating]);
    }

    private static Dictionary<string, DicomDictionaryEntry> IndexKeywords()
    {
        var tables = Data.Value;
        var byKeyword = new Dictionary<string, DicomDictionaryEntry>(tables.Entries.Length + tables.Repeating.Length, StringComparer.Ordinal);
        foreach (var entry in tables.Entries)
        {
            byKeyword.TryAdd(entry.Keyword, entry);
        }

        foreach (var (_, _, entry) in tables.Repeating)
        {
            byKeyword.TryAdd(entry.Keyword, entry);
        }

        return byKeyword;
    }

    private static ReadOnlySpan<char> Field(ref ReadOnlySpan<char> rest)
    {
        var tab = rest.IndexOf('\t');
        var field = tab < 0 ? rest : rest[..tab];
        rest = tab < 0 ? [] : rest[(tab + 1)..];
        return field;
    }

    private static DicomVR[] ValueRepresentations(ReadOnlySpan<char> text)
    {
        if (text.SequenceEqual("NONE"))
        {
            return [DicomVR.None];
        }

        var vrs = new DicomVR[text.Count('|') + 1];
        for (var i = 0; i < vrs.Length; i++)
        {
            var bar = text.IndexOf('|');
            vrs[i] = DicomVR.Parse((bar < 0 ? text : text[..bar]).ToString());
            text = bar < 0 ? [] : text[(bar + 1)..];
        }

        return vrs;
    }

    private static uint Hex(ReadOnlySpan<char> text) => uint.Parse(text, NumberStyles.HexNumber, CultureInfo.InvariantCulture);

    private sealed record Tables(uint[] Tags, DicomDictionaryEntry[] Entries, (uint Mask, uint Value, DicomDictionaryEntry Entry)[] Repeating);
}
