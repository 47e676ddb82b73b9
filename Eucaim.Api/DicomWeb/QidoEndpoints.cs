using System.Text.Json;
using Eucaim.Api.Platform;
using Eucaim.Core.Ingest;

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
        return Results.Bytes(Write(matches, baseUrl), "application/dicom+json");
    }

    /// <summary>The results as a DICOM JSON array (PS3.18 F.2), each with its returned attributes in tag order and its RetrieveURL.</summary>
    private static byte[] Write(DicomMatches matches, string baseUrl)
    {
        const string retrieveUrlTag = "00081190";
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartArray();
            foreach (var result in matches.Results)
            {
                w.WriteStartObject();
                var urlWritten = false;
                foreach (var attribute in matches.Query.Returned)
                {
                    if (!urlWritten && string.CompareOrdinal(attribute.Tag, retrieveUrlTag) > 0)
                    {
                        DicomJsonWriter.String(w, retrieveUrlTag, "UR", RetrieveUrl(matches.Query.Level, result, baseUrl));
                        urlWritten = true;
                    }

                    DicomJsonWriter.Value(w, attribute.Tag, attribute.VR, result.ValueOf(attribute));
                }

                if (!urlWritten)
                {
                    DicomJsonWriter.String(w, retrieveUrlTag, "UR", RetrieveUrl(matches.Query.Level, result, baseUrl));
                }

                w.WriteEndObject();
            }

            w.WriteEndArray();
        }

        return buffer.ToArray();
    }

    private static string RetrieveUrl(QidoLevel level, QidoResult result, string baseUrl) => level switch
    {
        QidoLevel.Study => $"{baseUrl}/studies/{result.StudyInstanceUid}",
        QidoLevel.Series => $"{baseUrl}/studies/{result.StudyInstanceUid}/series/{result.SeriesInstanceUid}",
        _ => $"{baseUrl}/studies/{result.StudyInstanceUid}/series/{result.SeriesInstanceUid}/instances/{result.Instance!.SopInstanceUid}",
    };
}
