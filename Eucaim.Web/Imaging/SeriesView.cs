using System.Globalization;
using System.Text.Json;

namespace Eucaim.Web.Imaging;

/// <summary>A QIDO-RS series result, with the fields the series list and the viewer show.</summary>
public sealed record SeriesView(
    string StudyInstanceUid, string SeriesInstanceUid, string? StudyDescription, string? SeriesDescription, string? Modality,
    string? BodyPart, int? SeriesNumber, int? Instances)
{
    /// <summary>The series of a QIDO-RS answer (DICOM JSON objects keyed by tag); results without both UIDs are skipped.</summary>
    public static List<SeriesView> From(IEnumerable<Dictionary<string, DicomJsonAttribute>> results) =>
        results.Select(Of).OfType<SeriesView>().ToList();

    private static SeriesView? Of(Dictionary<string, DicomJsonAttribute> r) =>
        Text(r, "0020000D") is { } study && Text(r, "0020000E") is { } series
            ? new(study, series, Text(r, "00081030"), Text(r, "0008103E"), Text(r, "00080060"), Text(r, "00180015"), Number(r, "00200011"), Number(r, "00201209"))
            : null;

    private static string? Text(Dictionary<string, DicomJsonAttribute> r, string tag) =>
        r.TryGetValue(tag, out var a) && a.Value is [var first, ..] && first.ValueKind == JsonValueKind.String ? first.GetString() : null;

    // IS values arrive as JSON numbers (F.2.3.1), though some writers keep them strings.
    private static int? Number(Dictionary<string, DicomJsonAttribute> r, string tag) =>
        r.TryGetValue(tag, out var a) && a.Value is [var first, ..]
            ? first.ValueKind switch
            {
                JsonValueKind.Number when first.TryGetInt32(out var n) => n,
                JsonValueKind.String when int.TryParse(first.GetString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) => n,
                _ => null,
            }
            : null;
}
