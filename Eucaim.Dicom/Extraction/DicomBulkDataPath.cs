using System.Globalization;

namespace Eucaim.Dicom;

/// <summary>
/// How a BulkDataURI names a binary value inside an instance: its tag (<c>00420011</c>), or inside
/// sequences tag/item/tag… (<c>00400275/0/00420011</c>). <see cref="DicomJson"/> and <see cref="DicomXml"/>
/// write these paths and WADO-RS bulk data resolves them: one home for both sides of the format.
/// </summary>
public static class DicomBulkDataPath
{
    /// <summary>The path of <paramref name="tag"/> inside the dataset at <paramref name="parent"/> ("" at the top).</summary>
    public static string Of(string parent, DicomTag tag) => parent.Length == 0 ? tag.ToJsonKey() : $"{parent}/{tag.ToJsonKey()}";

    /// <summary>The path of item <paramref name="index"/> (0-based) of the sequence at <paramref name="sequence"/>.</summary>
    public static string Item(string sequence, int index) => $"{sequence}/{index.ToString(CultureInfo.InvariantCulture)}";

    /// <summary>Whether <paramref name="path"/> has the shape of a path (tag, or tag/item/tag…), with its first tag.</summary>
    public static bool TryParse(string path, out DicomTag first)
    {
        var segments = path.Split('/');
        first = default;
        return segments.Length % 2 == 1 && DicomTag.TryParse(segments[0], out first);
    }

    /// <summary>The element <paramref name="path"/> names in <paramref name="dataset"/>; null when there is none.</summary>
    public static DicomElement? Find(DicomDataset dataset, string path)
    {
        var segments = path.Split('/');
        if (segments.Length % 2 == 0)
        {
            return null;
        }

        var current = dataset;
        for (var i = 0; ; i += 2)
        {
            if (!DicomTag.TryParse(segments[i], out var tag) || current.GetElement(tag) is not { } element)
            {
                return null;
            }

            if (i == segments.Length - 1)
            {
                return element;
            }

            if (!element.IsSequence || !int.TryParse(segments[i + 1], NumberStyles.None, CultureInfo.InvariantCulture, out var item) || item >= element.Items.Count)
            {
                return null;
            }

            current = element.Items[item];
        }
    }
}
