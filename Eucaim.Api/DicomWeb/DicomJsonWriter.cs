using System.Globalization;
using System.Text.Json;

namespace Eucaim.Api.DicomWeb;

/// <summary>Writes attributes in the PS3.18 Annex F DICOM JSON model from index values.</summary>
internal static class DicomJsonWriter
{
    public static void String(Utf8JsonWriter w, string tag, string vr, string? value)
    {
        w.WriteStartObject(tag);
        w.WriteString("vr", vr);
        if (!string.IsNullOrEmpty(value))
        {
            w.WriteStartArray("Value");
            w.WriteStringValue(value);
            w.WriteEndArray();
        }

        w.WriteEndObject();
    }

    public static void Strings(Utf8JsonWriter w, string tag, string vr, IEnumerable<string> values)
    {
        w.WriteStartObject(tag);
        w.WriteString("vr", vr);
        var list = values.Where(v => !string.IsNullOrEmpty(v)).ToList();
        if (list.Count > 0)
        {
            w.WriteStartArray("Value");
            list.ForEach(w.WriteStringValue);
            w.WriteEndArray();
        }

        w.WriteEndObject();
    }

    public static void PersonName(Utf8JsonWriter w, string tag, string? value)
    {
        w.WriteStartObject(tag);
        w.WriteString("vr", "PN");
        if (!string.IsNullOrEmpty(value))
        {
            w.WriteStartArray("Value");
            w.WriteStartObject();
            w.WriteString("Alphabetic", value);
            w.WriteEndObject();
            w.WriteEndArray();
        }

        w.WriteEndObject();
    }

    public static void Number(Utf8JsonWriter w, string tag, string vr, long? value)
    {
        w.WriteStartObject(tag);
        w.WriteString("vr", vr);
        if (value is { } v)
        {
            w.WriteStartArray("Value");
            if (vr == "IS")
            {
                w.WriteStringValue(v.ToString(CultureInfo.InvariantCulture));
            }
            else
            {
                w.WriteNumberValue(v);
            }

            w.WriteEndArray();
        }

        w.WriteEndObject();
    }

    public static string? Date(DateOnly? date) => date?.ToString("yyyyMMdd", CultureInfo.InvariantCulture);

    public static string? Time(TimeOnly? time) => time?.ToString("HHmmss", CultureInfo.InvariantCulture);
}
