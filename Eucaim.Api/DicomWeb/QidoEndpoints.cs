using System.Text.Json;
using System.Xml;
using Eucaim.Api.Platform;
using Eucaim.Core.Ingest;
using Eucaim.Dicom;

namespace Eucaim.Api.DicomWeb;

/// <summary>
/// QIDO-RS (PS3.18 10.6) over the version's index: studies, series and instances. Matching keys,
/// includefield, limit and offset are read by <see cref="QidoQuery"/>; what the search could not
/// honour exactly (a clamped limit, more results than returned, fuzzy matching) comes back as
/// <c>Warning: 299</c> headers (PS3.18 8.3.4.4 and 10.6.3.2).
/// </summary>
internal static class QidoEndpoints
{
    public static Task<IResult> StudiesAsync(Guid id, HttpContext http, Caller caller, SearchDicomIndex search, CancellationToken cancellationToken) =>
        SearchAsync(id, null, null, QidoLevel.Study, http, caller, search, cancellationToken);

    public static Task<IResult> SeriesAsync(Guid id, string? study, HttpContext http, Caller caller, SearchDicomIndex search, CancellationToken cancellationToken) =>
        SearchAsync(id, study, null, QidoLevel.Series, http, caller, search, cancellationToken);

    public static Task<IResult> InstancesAsync(
        Guid id, string? study, string? series, HttpContext http, Caller caller, SearchDicomIndex search, CancellationToken cancellationToken) =>
        SearchAsync(id, study, series, QidoLevel.Instance, http, caller, search, cancellationToken);

    private static async Task<IResult> SearchAsync(
        Guid id, string? study, string? series, QidoLevel level, HttpContext http, Caller caller, SearchDicomIndex search, CancellationToken cancellationToken)
    {
        var parameters = http.Request.Query.Select(p => KeyValuePair.Create(p.Key, (IReadOnlyList<string>)p.Value.Select(v => v ?? "").ToList()));
        var outcome = await search.RunAsync(caller.Actor, id, level, study, series, parameters, cancellationToken);
        if (!outcome.Succeeded)
        {
            return outcome.Problem.ToHttpProblem(caller);
        }

        // After the search, as WADO-RS does: an unknown or forbidden dataset is 404/403 whatever is accepted.
        var format = MetadataMedia.Choose(http.Request);
        if (format is null)
        {
            return MetadataMedia.NotAcceptable("QIDO-RS results");
        }

        var matches = outcome.Value;
        var warnings = matches.Query.Warnings.ToList();
        if (matches.MoreExist)
        {
            warnings.Add($"There are additional results that can be requested: this page holds {matches.Results.Count}; ask again with offset={matches.Query.Offset + matches.Results.Count}.");
        }

        foreach (var warning in warnings)
        {
            // RFC 7234 5.5: warn-code, warn-agent, quoted warn-text.
            http.Response.Headers.Append("Warning", $"299 eucaim \"{warning.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal)}\"");
        }

        var baseUrl = http.RequestServices.GetRequiredService<PublicUrl>().Of($"{DicomWebApi.Prefix}/{id}");
        if (format == MetadataFormat.Xml)
        {
            await WriteXmlAsync(http, matches, baseUrl, cancellationToken);
            return Results.Empty;
        }

        return Results.Bytes(Write(matches, baseUrl), MetadataMedia.Json);
    }

    /// <summary>Each result as one application/dicom+xml part (PS3.18 10.6.3.3.2), the same attributes in the same order as the JSON.</summary>
    private static async Task WriteXmlAsync(HttpContext http, DicomMatches matches, string baseUrl, CancellationToken cancellationToken)
    {
        var multipart = new MultipartResponse(http.Response, MetadataMedia.Xml);
        using var buffer = new MemoryStream();
        foreach (var result in matches.Results)
        {
            // XmlWriter writes synchronously, which Kestrel refuses: each result is built in memory, then sent.
            buffer.SetLength(0);
            using (var w = XmlWriter.Create(buffer, DicomXml.WriterSettings))
            {
                DicomXml.StartDocument(w);
                foreach (var (tag, vr, value) in Attributes(matches, result, baseUrl))
                {
                    DicomXmlWriter.Value(w, tag, vr, value);
                }

                DicomXml.EndDocument(w);
            }

            await multipart.StartPartAsync($"{MetadataMedia.Xml}; charset=utf-8", null, cancellationToken);
            await multipart.Body.WriteAsync(buffer.GetBuffer().AsMemory(0, (int)buffer.Length), cancellationToken);
            await multipart.EndPartAsync(cancellationToken);
        }

        await multipart.FinishAsync(cancellationToken);
    }

    /// <summary>The results as a DICOM JSON array (PS3.18 F.2).</summary>
    private static byte[] Write(DicomMatches matches, string baseUrl)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartArray();
            foreach (var result in matches.Results)
            {
                w.WriteStartObject();
                foreach (var (tag, vr, value) in Attributes(matches, result, baseUrl))
                {
                    DicomJsonWriter.Value(w, tag, vr, value);
                }

                w.WriteEndObject();
            }

            w.WriteEndArray();
        }

        return buffer.ToArray();
    }

    /// <summary>A result's returned attributes in tag order, its RetrieveURL among them.</summary>
    private static IEnumerable<(string Tag, string VR, object? Value)> Attributes(DicomMatches matches, QidoResult result, string baseUrl)
    {
        const string retrieveUrlTag = "00081190";
        var urlWritten = false;
        foreach (var attribute in matches.Query.Returned)
        {
            if (!urlWritten && string.CompareOrdinal(attribute.Tag, retrieveUrlTag) > 0)
            {
                yield return (retrieveUrlTag, "UR", RetrieveUrl(matches.Query.Level, result, baseUrl));
                urlWritten = true;
            }

            yield return (attribute.Tag, attribute.VR, result.ValueOf(attribute));
        }

        if (!urlWritten)
        {
            yield return (retrieveUrlTag, "UR", RetrieveUrl(matches.Query.Level, result, baseUrl));
        }
    }

    private static string RetrieveUrl(QidoLevel level, QidoResult result, string baseUrl) => level switch
    {
        QidoLevel.Study => $"{baseUrl}/studies/{result.StudyInstanceUid}",
        QidoLevel.Series => $"{baseUrl}/studies/{result.StudyInstanceUid}/series/{result.SeriesInstanceUid}",
        _ => $"{baseUrl}/studies/{result.StudyInstanceUid}/series/{result.SeriesInstanceUid}/instances/{result.Instance!.SopInstanceUid}",
    };
}
