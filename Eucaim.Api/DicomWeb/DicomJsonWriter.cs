using System.Globalization;
using System.Text.Json;
using Eucaim.Core.Ingest;

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

    /// <summary>A value as <see cref="QidoResult.ValueOf"/> gives it, written by its VR.</summary>
    public static void Value(Utf8JsonWriter w, string tag, string vr, object? value)
    {
        switch (value)
        {
            case IEnumerable<string> list:
                Strings(w, tag, vr, list);
                break;
            case int number:
                Number(w, tag, vr, number);
                break;
            case string text when vr == "PN":
                PersonName(w, tag, text);
                break;
            default:
                String(w, tag, vr, value as string);
                break;
        }
    }
}
