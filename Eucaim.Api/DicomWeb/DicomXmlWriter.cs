using System.Globalization;
using System.Xml;
using Eucaim.Core.Ingest;
using Eucaim.Dicom;

namespace Eucaim.Api.DicomWeb;

/// <summary>Writes attributes in the PS3.19 Native DICOM Model from index values, as <see cref="DicomJsonWriter"/> does in JSON.</summary>
internal static class DicomXmlWriter
{
    /// <summary>A value as <see cref="QidoResult.ValueOf"/> gives it, written by its VR.</summary>
    public static void Value(XmlWriter w, string tag, string vr, object? value)
    {
        DicomXml.StartAttribute(w, DicomTag.Parse(tag), vr);
        var values = value switch
        {
            IEnumerable<string> list => list.Where(v => !string.IsNullOrEmpty(v)).ToList(),
            int number => [number.ToString(CultureInfo.InvariantCulture)],
            long number => [number.ToString(CultureInfo.InvariantCulture)],
            string { Length: > 0 } text => [text],
            _ => new List<string>(),
        };

        for (var i = 0; i < values.Count; i++)
        {
            if (vr == "PN")
            {
                DicomXml.WritePersonName(w, i + 1, values[i]);
            }
            else
            {
                DicomXml.WriteValue(w, i + 1, values[i]);
            }
        }

        w.WriteEndElement();
    }
}
