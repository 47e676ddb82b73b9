using System.Collections.Frozen;
using System.Globalization;

namespace Eucaim.Dicom;

/// <summary>The PS3.6 data dictionary (standard attributes only; private attributes have no dictionary here).</summary>
public static class DicomDictionary
{
    private static readonly Lazy<Tables> Data = new(Load, LazyThreadSafetyMode.ExecutionAndPublication);

    public static int Count => Data.Value.ByTag.Count + Data.Value.Repeating.Length;

    public static DicomDictionaryEntry? Find(DicomTag tag)
    {
        var tables = Data.Value;
        if (tables.ByTag.TryGetValue(tag.Value, out var entry))
        {
            return entry;
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
        Data.Value.ByKeyword.TryGetValue(keyword, out var entry) ? entry : null;

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
        using var stream = typeof(DicomDictionary).Assembly.GetManifestResourceStream("Eucaim.Dicom.dicom-dictionary.tsv")
            ?? throw new InvalidOperationException("The embedded PS3.6 dictionary resource is missing from Eucaim.Dicom.");
        using var reader = new StreamReader(stream);
        var byTag = new Dictionary<uint, DicomDictionaryEntry>(5000);
        var byKeyword = new Dictionary<string, DicomDictionaryEntry>(5000, StringComparer.Ordinal);
        var repeating = new List<(uint, uint, DicomDictionaryEntry)>();
        while (reader.ReadLine() is { } line)
        {
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }

            var fields = line.Split('\t');
            var tagText = fields[0];
            var vrs = fields[1] == "NONE"
                ? new[] { DicomVR.None }
                : Array.ConvertAll(fields[1].Split('|'), DicomVR.Parse);
            var retired = fields.Length > 3 && fields[3] == "R";
            if (tagText.Contains('x', StringComparison.Ordinal))
            {
                var mask = uint.Parse(string.Concat(tagText.Select(c => c == 'x' ? '0' : 'F')), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
                var value = uint.Parse(tagText.Replace('x', '0'), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
                var entry = new DicomDictionaryEntry(new DicomTag(value), vrs, fields[2], retired);
                repeating.Add((mask, value, entry));
                byKeyword.TryAdd(entry.Keyword, entry);
            }
            else
            {
                var tag = new DicomTag(uint.Parse(tagText, NumberStyles.HexNumber, CultureInfo.InvariantCulture));
                var entry = new DicomDictionaryEntry(tag, vrs, fields[2], retired);
                byTag[tag.Value] = entry;
                byKeyword.TryAdd(entry.Keyword, entry);
            }
        }

        return new Tables(byTag.ToFrozenDictionary(), byKeyword.ToFrozenDictionary(StringComparer.Ordinal), [.. repeating]);
    }

    private sealed record Tables(
        FrozenDictionary<uint, DicomDictionaryEntry> ByTag,
        FrozenDictionary<string, DicomDictionaryEntry> ByKeyword,
        (uint Mask, uint Value, DicomDictionaryEntry Entry)[] Repeating);
}
