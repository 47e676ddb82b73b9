using System.Text.Json;
using Eucaim.Api.Platform;
using Eucaim.Core.Ingest;
using Microsoft.Extensions.Options;

namespace Eucaim.Api.DicomWeb;

/// <summary>
/// STOW-RS (PS3.18 10.5): a multipart/related body of application/dicom parts, each stored into
/// the dataset's draft through the same checks as an uploaded file. The response lists stored
/// instances (ReferencedSOPSequence) and failures with their reason (FailedSOPSequence):
/// 200 when all were stored, 202 when some failed, 409 when none was stored.
/// </summary>
internal static class StowEndpoint
{
    public static async Task<IResult> StoreAsync(
        Guid id, string? study, HttpContext http, Caller caller, StoreInstances store, IOptions<DicomWebOptions> options, CancellationToken cancellationToken)
    {
        var source = new MultipartStowSource(http, options.Value.MaxInstanceBytes);
        var outcome = await store.RunAsync(caller.Actor, id, study, source, options.Value.MaxStowBytes, cancellationToken);
        if (!outcome.Succeeded)
        {
            return ReferenceEquals(outcome.Problem, StowRules.NotMultipartDicom)
                ? TypedResults.Problem(title: outcome.Problem.Title, detail: outcome.Problem.Detail, statusCode: StatusCodes.Status415UnsupportedMediaType,
                    extensions: outcome.Problem.Extensions?.ToDictionary())
                : outcome.Problem.ToHttpProblem(caller);
        }

        var (stored, failed) = outcome.Value;
        if (failed.Count > 0)
        {
            // The failure reasons in words, for people reading the response (the DICOM JSON carries the codes).
            http.Response.Headers["Warning"] = string.Join(", ", failed.Take(10).Select(f => $"299 eucaim \"{WarningText(f.Message)}\""));
        }

        http.Response.StatusCode = outcome.Value.Verdict switch
        {
            StowVerdict.AllStored => StatusCodes.Status200OK,
            StowVerdict.SomeFailed => StatusCodes.Status202Accepted,
            _ => StatusCodes.Status409Conflict,
        };
        http.Response.ContentType = "application/dicom+json";
        var baseUrl = http.RequestServices.GetRequiredService<PublicUrl>().Of($"{DicomWebApi.Prefix}/{id}");
        await http.Response.Body.WriteAsync(Response(stored, failed, baseUrl, study), cancellationToken);
        return Results.Empty;
    }

    /// <summary>A failure message as header text: a part's Content-Type is the client's and may carry anything.</summary>
    private static string WarningText(string message) =>
        string.Concat(message.Select(c => c is '"' ? '\'' : c is < ' ' or > '~' ? '?' : c));

    private static byte[] Response(IReadOnlyList<StowStored> stored, IReadOnlyList<StowFailed> failed, string baseUrl, string? study)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();

            // PS3.18 10.5.3: the study's RetrieveURL at the top when the instances are of one study.
            var studies = stored.Select(s => s.StudyInstanceUid).Distinct().ToList();
            if ((study ?? (studies.Count == 1 ? studies[0] : null)) is { } retrieveStudy)
            {
                DicomJsonWriter.String(w, "00081190", "UR", $"{baseUrl}/studies/{retrieveStudy}");
            }

            if (failed.Count > 0)
            {
                w.WriteStartObject("00081198");
                w.WriteString("vr", "SQ");
                w.WriteStartArray("Value");
                foreach (var f in failed)
                {
                    w.WriteStartObject();
                    DicomJsonWriter.String(w, "00081150", "UI", f.SopClassUid);
                    DicomJsonWriter.String(w, "00081155", "UI", f.SopInstanceUid);
                    DicomJsonWriter.Number(w, "00081197", "US", f.Reason);
                    w.WriteEndObject();
                }

                w.WriteEndArray();
                w.WriteEndObject();
            }

            w.WriteStartObject("00081199");
            w.WriteString("vr", "SQ");
            w.WriteStartArray("Value");
            foreach (var s in stored)
            {
                w.WriteStartObject();
                DicomJsonWriter.String(w, "00081150", "UI", s.SopClassUid);
                DicomJsonWriter.String(w, "00081155", "UI", s.SopInstanceUid);
                if (s is { StudyInstanceUid: { } studyUid, SeriesInstanceUid: { } seriesUid })
                {
                    DicomJsonWriter.String(w, "00081190", "UR", $"{baseUrl}/studies/{studyUid}/series/{seriesUid}/instances/{s.SopInstanceUid}");
                }

                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteEndObject();
            w.WriteEndObject();
        }

        return buffer.ToArray();
    }
}
