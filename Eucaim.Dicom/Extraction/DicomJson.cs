using System.Buffers;
using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Eucaim.Dicom;

/// <summary>The DICOM JSON Model (PS3.18 Annex F), as served by the DICOMweb endpoints.</summary>
public static partial class DicomJson
{
    private const long MaxSafeInteger = 9_007_199_254_740_991;

    public static string Serialize(DicomDataset dataset, DicomJsonOptions? options = null, DicomPixelDataInfo? pixelData = null)
    {
        var buffer = new ArrayBufferWriter<byte>(4096);
        options ??= DicomJsonOptions.Default;
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = options.Indented }))
        {
            Write(writer, dataset, options, pixelData);
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    public static void Write(Utf8JsonWriter writer, DicomDataset dataset, DicomJsonOptions? options = null, DicomPixelDataInfo? pixelData = null)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(dataset);
        WriteDataset(writer, dataset, options ?? DicomJsonOptions.Default, string.Empty, pixelData);
    }

    private static void WriteDataset(Utf8JsonWriter writer, DicomDataset dataset, DicomJsonOptions options, string path, DicomPixelDataInfo? pixelData)
    {
        writer.WriteStartObject();
        var pixelWritten = pixelData is null || options.PixelDataUri is null;
        foreach (var element in dataset)
        {
            // F.2: group length attributes are not part of the JSON model; neither is file meta information.
            if (element.Tag.IsGroupLength || element.Tag.Group == 0x0002)
            {
                continue;
            }

            if (!pixelWritten && element.Tag > pixelData!.Tag)
            {
                WritePixelData(writer, pixelData, options.PixelDataUri!);
                pixelWritten = true;
            }

            WriteElement(writer, element, dataset.CharacterSet, options, path);
        }

        if (!pixelWritten)
        {
            WritePixelData(writer, pixelData!, options.PixelDataUri!);
        }

        writer.WriteEndObject();
    }

    private static void WritePixelData(Utf8JsonWriter writer, DicomPixelDataInfo pixelData, string uri)
    {
        writer.WriteStartObject(pixelData.Tag.ToJsonKey());
        writer.WriteString("vr", pixelData.VR.ToString());
        writer.WriteString("BulkDataURI", uri);
        writer.WriteEndObject();
    }

    private static void WriteElement(Utf8JsonWriter writer, DicomElement element, DicomCharacterSet characterSet, DicomJsonOptions options, string path)
    {
        var key = element.Tag.ToJsonKey();
        var elementPath = DicomBulkDataPath.Of(path, element.Tag);
        writer.WriteStartObject(key);
        writer.WriteString("vr", element.VR.ToString());
        var vr = element.VR;
        if (vr == DicomVR.SQ)
        {
            if (element.Items.Count > 0)
            {
                writer.WriteStartArray("Value");
                for (var i = 0; i < element.Items.Count; i++)
                {
                    WriteDataset(writer, element.Items[i], options, DicomBulkDataPath.Item(elementPath, i), null);
                }

                writer.WriteEndArray();
            }
        }
        else if (vr.IsBulkBinary || element.IsValueSkipped || element.IsEncapsulated)
        {
            WriteBinary(writer, element, options, elementPath);
        }
        else if (!element.Value.IsEmpty)
        {
            WriteValues(writer, element, characterSet);
        }

        writer.WriteEndObject();
    }

    private static void WriteBinary(Utf8JsonWriter writer, DicomElement element, DicomJsonOptions options, string path)
    {
        var length = element.IsValueSkipped ? element.SkippedLength : element.Value.Length;
        if (length == 0)
        {
            return;
        }

        if ((length > options.BulkDataThreshold || element.IsValueSkipped) && options.BulkDataUri?.Invoke(path) is { } uri)
        {
            writer.WriteString("BulkDataURI", uri);
        }
        else if (!element.IsValueSkipped)
        {
            writer.WriteBase64String("InlineBinary", element.Value.Span);
        }
    }

    private static void WriteValues(Utf8JsonWriter writer, DicomElement element, DicomCharacterSet characterSet)
    {
        var vr = element.VR;
        writer.WriteStartArray("Value");
        if (vr == DicomVR.PN)
        {
            foreach (var name in element.GetStrings(characterSet))
            {
                WritePersonName(writer, name);
            }
        }
        else if (vr == DicomVR.DS || vr == DicomVR.IS)
        {
            foreach (var text in element.GetStrings(characterSet))
            {
                WriteDecimalString(writer, text);
            }
        }
        else if (vr == DicomVR.AT)
        {
            var span = element.Value.Span;
            for (var i = 0; i + 4 <= span.Length; i += 4)
            {
                var tag = new DicomTag(BinaryPrimitives.ReadUInt16LittleEndian(span.Slice(i, 2)), BinaryPrimitives.ReadUInt16LittleEndian(span.Slice(i + 2, 2)));
                writer.WriteStringValue(tag.ToJsonKey());
            }
        }
        else if (vr.IsString)
        {
            foreach (var text in element.GetStrings(characterSet))
            {
                if (text.Length == 0)
                {
                    writer.WriteNullValue();
                }
                else
                {
                    writer.WriteStringValue(text);
                }
            }
        }
        else
        {
            var count = element.ValueMultiplicity;
            for (var i = 0; i < count; i++)
            {
                if (element.TryGetBinaryFloat(i, out var real))
                {
                    WriteDouble(writer, real);
                }
                else if (element.TryGetBinaryInteger(i, out var integer))
                {
                    // F.2.3.1: 64-bit integers that JSON numbers cannot hold exactly travel as strings.
                    if (vr == DicomVR.UV && (ulong)integer > MaxSafeInteger)
                    {
                        writer.WriteStringValue(((ulong)integer).ToString(CultureInfo.InvariantCulture));
                    }
                    else if (Math.Abs(integer) > MaxSafeInteger)
                    {
                        writer.WriteStringValue(integer.ToString(CultureInfo.InvariantCulture));
                    }
                    else
                    {
                        writer.WriteNumberValue(integer);
                    }
                }
            }
        }

        writer.WriteEndArray();
    }

    private static void WriteDouble(Utf8JsonWriter writer, double value)
    {
        if (double.IsFinite(value))
        {
            writer.WriteNumberValue(value);
        }
        else
        {
            // JSON has no NaN or infinity; PS3.18 leaves them unrepresentable, so they go as text rather than vanish.
            writer.WriteStringValue(value.ToString(CultureInfo.InvariantCulture));
        }
    }

    private static void WriteDecimalString(Utf8JsonWriter writer, string text)
    {
        if (text.Length == 0)
        {
            writer.WriteNullValue();
        }
        else if (JsonNumber().IsMatch(text))
        {
            writer.WriteRawValue(text, skipInputValidation: true);
        }
        else if (DicomNumber.TryParseDecimalString(text, out var value))
        {
            writer.WriteNumberValue(value);
        }
        else
        {
            // Not a number at all: keeping the text lets a consumer see the defect instead of a silently missing value.
            writer.WriteStringValue(text);
        }
    }

    private static void WritePersonName(Utf8JsonWriter writer, string name)
    {
        if (name.Length == 0)
        {
            writer.WriteNullValue();
            return;
        }

        var groups = name.Split('=');
        writer.WriteStartObject();
        string[] keys = ["Alphabetic", "Ideographic", "Phonetic"];
        for (var i = 0; i < Math.Min(groups.Length, keys.Length); i++)
        {
            if (groups[i].Length > 0)
            {
                writer.WriteString(keys[i], groups[i]);
            }
        }

        writer.WriteEndObject();
    }

    [GeneratedRegex(@"^-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?$")]
    private static partial Regex JsonNumber();
}
