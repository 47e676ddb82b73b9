using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using System.Xml;

namespace Eucaim.Dicom;

/// <summary>
/// The Native DICOM Model (PS3.19 A.1), as served by the DICOMweb endpoints in
/// <c>multipart/related; type="application/dicom+xml"</c> parts. It carries the same data as
/// <see cref="DicomJson"/> under the same <see cref="DicomJsonOptions"/>: binary values inline as base64
/// up to the threshold, otherwise <c>&lt;BulkData uri="…"/&gt;</c> where the JSON has a BulkDataURI.
/// </summary>
public static class DicomXml
{
    public const string Namespace = "http://dicom.nema.org/PS3.19/models/NativeDICOM";

    private static readonly string[] NameGroups = ["Alphabetic", "Ideographic", "Phonetic"];
    private static readonly string[] NameComponents = ["FamilyName", "GivenName", "MiddleName", "NamePrefix", "NameSuffix"];

    /// <summary>
    /// Settings for one document: UTF-8 without a byte order mark, no indentation (xml:space is preserve), carriage returns
    /// written as <c>&amp;#xD;</c> so that a value's CR LF survives parsing (an XML parser turns a raw CR LF into LF).
    /// </summary>
    public static XmlWriterSettings WriterSettings { get; } = new() { Encoding = new UTF8Encoding(false), Indent = false, CloseOutput = false, NewLineHandling = NewLineHandling.Entitize };

    public static string Serialize(DicomDataset dataset, DicomJsonOptions? options = null, DicomPixelDataInfo? pixelData = null)
    {
        using var buffer = new MemoryStream();
        using (var writer = XmlWriter.Create(buffer, WriterSettings))
        {
            WriteDocument(writer, dataset, options, pixelData);
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    /// <summary>One whole document: the XML declaration and the NativeDicomModel element holding the dataset.</summary>
    public static void WriteDocument(XmlWriter writer, DicomDataset dataset, DicomJsonOptions? options = null, DicomPixelDataInfo? pixelData = null)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(dataset);
        StartDocument(writer);
        WriteDataset(writer, dataset, options ?? DicomJsonOptions.Default, string.Empty, pixelData);
        EndDocument(writer);
    }

    /// <summary>Opens a document whose attributes the caller writes with <see cref="StartAttribute"/> and the value methods.</summary>
    public static void StartDocument(XmlWriter writer)
    {
        writer.WriteStartDocument();
        writer.WriteStartElement("NativeDicomModel", Namespace);

        // Values are text as stored: leading and trailing spaces (LT, ST, UT) are part of them.
        writer.WriteAttributeString("xml", "space", null, "preserve");
    }

    public static void EndDocument(XmlWriter writer)
    {
        writer.WriteEndElement();
        writer.WriteEndDocument();
    }

    /// <summary>Opens a DicomAttribute with its tag, VR, keyword (standard attributes) or private creator (private ones); close it with <c>WriteEndElement</c>.</summary>
    public static void StartAttribute(XmlWriter writer, DicomTag tag, string vr, string? privateCreator = null)
    {
        writer.WriteStartElement("DicomAttribute", Namespace);

        // PS3.19 A.1.5: a private attribute's tag leaves out its block (gggg10ee is gggg00ee), which privateCreator identifies.
        var written = privateCreator is { Length: > 0 } ? new DicomTag(tag.Group, (ushort)(tag.Element & 0xFF)) : tag;
        writer.WriteAttributeString("tag", written.ToJsonKey());
        writer.WriteAttributeString("vr", vr);
        if (!tag.IsPrivate && DicomDictionary.Find(tag)?.Keyword is { Length: > 0 } keyword)
        {
            writer.WriteAttributeString("keyword", keyword);
        }

        if (privateCreator is { Length: > 0 })
        {
            writer.WriteAttributeString("privateCreator", Clean(privateCreator));
        }
    }

    /// <summary>The <paramref name="number"/>th (1-based) value; an empty value keeps its place as an empty element.</summary>
    public static void WriteValue(XmlWriter writer, int number, string text)
    {
        writer.WriteStartElement("Value", Namespace);
        writer.WriteAttributeString("number", number.ToString(CultureInfo.InvariantCulture));
        if (text.Length > 0)
        {
            writer.WriteString(Clean(text));
        }

        writer.WriteEndElement();
    }

    /// <summary>A PN value: its =-separated groups, each split on ^ into the five named components (PS3.19 A.1.4).</summary>
    public static void WritePersonName(XmlWriter writer, int number, string name)
    {
        writer.WriteStartElement("PersonName", Namespace);
        writer.WriteAttributeString("number", number.ToString(CultureInfo.InvariantCulture));
        var groups = name.Split('=');
        for (var g = 0; g < Math.Min(groups.Length, NameGroups.Length); g++)
        {
            if (groups[g].Replace("^", "", StringComparison.Ordinal).Length == 0)
            {
                continue;
            }

            writer.WriteStartElement(NameGroups[g], Namespace);
            var components = groups[g].Split('^');
            for (var c = 0; c < Math.Min(components.Length, NameComponents.Length); c++)
            {
                if (components[c].Length > 0)
                {
                    writer.WriteElementString(NameComponents[c], Namespace, Clean(components[c]));
                }
            }

            writer.WriteEndElement();
        }

        writer.WriteEndElement();
    }

    private static void WriteDataset(XmlWriter writer, DicomDataset dataset, DicomJsonOptions options, string path, DicomPixelDataInfo? pixelData)
    {
        var pixelWritten = pixelData is null || options.PixelDataUri is null;
        foreach (var element in dataset)
        {
            // As in the JSON model: no group lengths, no file meta information.
            if (element.Tag.IsGroupLength || element.Tag.Group == 0x0002)
            {
                continue;
            }

            if (!pixelWritten && element.Tag > pixelData!.Tag)
            {
                WritePixelData(writer, pixelData, options.PixelDataUri!);
                pixelWritten = true;
            }

            WriteElement(writer, element, dataset, options, path);
        }

        if (!pixelWritten)
        {
            WritePixelData(writer, pixelData!, options.PixelDataUri!);
        }
    }

    private static void WritePixelData(XmlWriter writer, DicomPixelDataInfo pixelData, string uri)
    {
        StartAttribute(writer, pixelData.Tag, pixelData.VR.ToString());
        WriteBulkData(writer, uri);
        writer.WriteEndElement();
    }

    private static void WriteBulkData(XmlWriter writer, string uri)
    {
        writer.WriteStartElement("BulkData", Namespace);
        writer.WriteAttributeString("uri", uri);
        writer.WriteEndElement();
    }

    private static void WriteElement(XmlWriter writer, DicomElement element, DicomDataset dataset, DicomJsonOptions options, string path)
    {
        var key = element.Tag.ToJsonKey();
        var elementPath = DicomBulkDataPath.Of(path, element.Tag);
        StartAttribute(writer, element.Tag, element.VR.ToString(), PrivateCreator(element.Tag, dataset));
        var vr = element.VR;
        if (vr == DicomVR.SQ)
        {
            for (var i = 0; i < element.Items.Count; i++)
            {
                writer.WriteStartElement("Item", Namespace);
                writer.WriteAttributeString("number", (i + 1).ToString(CultureInfo.InvariantCulture));
                WriteDataset(writer, element.Items[i], options, DicomBulkDataPath.Item(elementPath, i), null);
                writer.WriteEndElement();
            }
        }
        else if (vr.IsBulkBinary || element.IsValueSkipped || element.IsEncapsulated)
        {
            WriteBinary(writer, element, options, elementPath);
        }
        else if (!element.Value.IsEmpty)
        {
            WriteValues(writer, element, dataset.CharacterSet);
        }

        writer.WriteEndElement();
    }

    private static string? PrivateCreator(DicomTag tag, DicomDataset dataset) =>
        tag.IsPrivate && !tag.IsPrivateCreator ? dataset.GetString(tag.PrivateCreatorTag) : null;

    private static void WriteBinary(XmlWriter writer, DicomElement element, DicomJsonOptions options, string path)
    {
        var length = element.IsValueSkipped ? element.SkippedLength : element.Value.Length;
        if (length == 0)
        {
            return;
        }

        if ((length > options.BulkDataThreshold || element.IsValueSkipped) && options.BulkDataUri?.Invoke(path) is { } uri)
        {
            WriteBulkData(writer, uri);
        }
        else if (!element.IsValueSkipped)
        {
            writer.WriteStartElement("InlineBinary", Namespace);
            var bytes = element.Value.ToArray();
            writer.WriteBase64(bytes, 0, bytes.Length);
            writer.WriteEndElement();
        }
    }

    private static void WriteValues(XmlWriter writer, DicomElement element, DicomCharacterSet characterSet)
    {
        var vr = element.VR;
        if (vr.IsString && element.GetStrings(characterSet).All(t => IsEmptyText(t, vr == DicomVR.PN)))
        {
            // Only padding or separators: an attribute without a value, as an empty DicomAttribute (dcm2xml does the same).
            return;
        }

        if (vr == DicomVR.PN)
        {
            var names = element.GetStrings(characterSet);
            for (var i = 0; i < names.Length; i++)
            {
                WritePersonName(writer, i + 1, names[i]);
            }
        }
        else if (vr == DicomVR.AT)
        {
            var span = element.Value.Span;
            for (int i = 0, number = 1; i + 4 <= span.Length; i += 4, number++)
            {
                var tag = new DicomTag(BinaryPrimitives.ReadUInt16LittleEndian(span.Slice(i, 2)), BinaryPrimitives.ReadUInt16LittleEndian(span.Slice(i + 2, 2)));
                WriteValue(writer, number, tag.ToJsonKey());
            }
        }
        else if (vr.IsString)
        {
            // DS and IS stay the text stored: XML has no number type to normalise them to.
            var texts = element.GetStrings(characterSet);
            for (var i = 0; i < texts.Length; i++)
            {
                WriteValue(writer, i + 1, texts[i]);
            }
        }
        else
        {
            for (var i = 0; i < element.ValueMultiplicity; i++)
            {
                if (element.TryGetBinaryFloat(i, out var real))
                {
                    // FL values print at float precision (shortest round trip), so 9.7f is "9.7", not "9.699999809265137".
                    WriteValue(writer, i + 1, vr == DicomVR.FL ? ((float)real).ToString(CultureInfo.InvariantCulture) : real.ToString(CultureInfo.InvariantCulture));
                }
                else if (element.TryGetBinaryInteger(i, out var integer))
                {
                    WriteValue(writer, i + 1, vr == DicomVR.UV ? ((ulong)integer).ToString(CultureInfo.InvariantCulture) : integer.ToString(CultureInfo.InvariantCulture));
                }
            }
        }
    }

    private static bool IsEmptyText(string text, bool personName) =>
        personName ? text.Replace("^", "", StringComparison.Ordinal).Replace("=", "", StringComparison.Ordinal).Trim().Length == 0 : text.Length == 0;

    /// <summary>
    /// Characters XML 1.0 cannot carry (C0 controls other than tab and line breaks, lone surrogates) become U+FFFD:
    /// a malformed value must not make the whole document unreadable.
    /// </summary>
    private static string Clean(string text)
    {
        var firstInvalid = -1;
        for (var i = 0; i < text.Length; i++)
        {
            if (!IsXmlChar(text, i))
            {
                firstInvalid = i;
                break;
            }
        }

        if (firstInvalid < 0)
        {
            return text;
        }

        var builder = new StringBuilder(text.Length).Append(text, 0, firstInvalid);
        for (var i = firstInvalid; i < text.Length; i++)
        {
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                builder.Append(text[i]).Append(text[++i]);
            }
            else
            {
                builder.Append(XmlConvert.IsXmlChar(text[i]) ? text[i] : '\uFFFD');
            }
        }

        return builder.ToString();
    }

    private static bool IsXmlChar(string text, int i)
    {
        var c = text[i];
        if (char.IsHighSurrogate(c))
        {
            return i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]);
        }

        if (char.IsLowSurrogate(c))
        {
            return i > 0 && char.IsHighSurrogate(text[i - 1]);
        }

        return XmlConvert.IsXmlChar(c);
    }
}
