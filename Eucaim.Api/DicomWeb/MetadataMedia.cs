namespace Eucaim.Api.DicomWeb;

/// <summary>The two forms QIDO-RS results and WADO-RS metadata take (PS3.18 8.7.3, Table 8.7.3-2).</summary>
internal enum MetadataFormat
{
    Json,
    Xml,
}

/// <summary>
/// Picks the form of QIDO-RS results and WADO-RS metadata from the Accept header, best q-value first:
/// DICOM JSON for <c>application/dicom+json</c>, <c>application/json</c>, <c>application/*</c> and <c>*/*</c>;
/// the Native DICOM Model for <c>multipart/related; type="application/dicom+xml"</c>, one part per result or instance.
/// </summary>
internal static class MetadataMedia
{
    public const string Json = "application/dicom+json";
    public const string Xml = "application/dicom+xml";
    public const string XmlParts = "multipart/related; type=\"application/dicom+xml\"";

    /// <summary>The form to answer in, or null when the Accept header allows neither (406).</summary>
    public static MetadataFormat? Choose(HttpRequest request)
    {
        foreach (var range in AcceptedMedia.Of(request))
        {
            if (range.IsAnyType || range.MediaType is Json or "application/json" or "application/*")
            {
                return MetadataFormat.Json;
            }

            if (range.IsMultipart && range.PartType == Xml)
            {
                return MetadataFormat.Xml;
            }
        }

        return null;
    }

    /// <summary>406 naming both forms; <paramref name="what"/> is the resource ("Metadata", "QIDO-RS results").</summary>
    public static IResult NotAcceptable(string what) =>
        WadoProblems.NotAcceptable(
            $"{what} are produced as {Json} or as {XmlParts} (one part per result); a single application/dicom+xml body is not.",
            [Json, XmlParts]);
}
