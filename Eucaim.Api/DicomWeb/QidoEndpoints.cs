using System.Text.Json;
using Eucaim.Api.Platform;
using Eucaim.Core.Ingest;

namespace Eucaim.Api.DicomWeb;

/// <summary>
/// QIDO-RS (PS3.18 10.6) over the version's index: studies, series and instances, matched on
/// the attributes the index keeps (keyword or tag: StudyInstanceUID/0020000D, PatientID/00100020,
/// AccessionNumber/00080050, StudyDate/00080020 as a date or a range, ModalitiesInStudy or
/// Modality/00080060, SeriesInstanceUID/0020000E, SOPInstanceUID/00080018), with limit and offset.
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
        var query = http.Request.Query;
        var outcome = await search.RunAsync(caller.Actor, id, level, study, series,
            name => query.TryGetValue(name, out var value) ? value.ToString() : null, cancellationToken);
        if (!outcome.Succeeded)
        {
            return outcome.Problem.ToHttpProblem(caller);
        }

        var baseUrl = http.RequestServices.GetRequiredService<PublicUrl>().Of($"{DicomWebApi.Prefix}/{id}");
        return Results.Bytes(Write(outcome.Value, baseUrl), "application/dicom+json");
    }

    /// <summary>The matches as a DICOM JSON array (PS3.18 F.2), in the order found.</summary>
    private static byte[] Write(DicomMatches matches, string baseUrl)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartArray();
            foreach (var s in matches.Studies)
            {
                WriteStudy(w, s.Study, s.Patient, s.Series, s.Instances);
            }

            foreach (var se in matches.Series)
            {
                WriteSeries(w, se.Series, se.Instances);
            }

            foreach (var i in matches.Instances)
            {
                WriteInstance(w, i, baseUrl);
            }

            w.WriteEndArray();
        }

        return buffer.ToArray();
    }

    private static void WriteStudy(Utf8JsonWriter w, IndexedStudy s, IndexedPatient? p, IReadOnlyList<IndexedSeries> series, int instances)
    {
        w.WriteStartObject();
        DicomJsonWriter.String(w, "00080020", "DA", DicomJsonWriter.Date(s.StudyDate));
        DicomJsonWriter.String(w, "00080030", "TM", DicomJsonWriter.Time(s.StudyTime));
        DicomJsonWriter.String(w, "00080050", "SH", s.AccessionNumber);
        DicomJsonWriter.Strings(w, "00080061", "CS", series.Select(se => se.Modality ?? "").Distinct().Order());
        DicomJsonWriter.String(w, "00081030", "LO", s.StudyDescription);
        DicomJsonWriter.PersonName(w, "00100010", p?.PatientName);
        DicomJsonWriter.String(w, "00100020", "LO", s.PatientId);
        DicomJsonWriter.String(w, "00100030", "DA", DicomJsonWriter.Date(p?.BirthDate));
        DicomJsonWriter.String(w, "00100040", "CS", p?.Sex);
        DicomJsonWriter.String(w, "0020000D", "UI", s.StudyInstanceUid);
        DicomJsonWriter.String(w, "00200010", "SH", s.StudyId);
        DicomJsonWriter.Number(w, "00201206", "IS", series.Count);
        DicomJsonWriter.Number(w, "00201208", "IS", instances);
        w.WriteEndObject();
    }

    private static void WriteSeries(Utf8JsonWriter w, IndexedSeries s, int instances)
    {
        w.WriteStartObject();
        DicomJsonWriter.String(w, "00080060", "CS", s.Modality);
        DicomJsonWriter.String(w, "0008103E", "LO", s.SeriesDescription);
        DicomJsonWriter.String(w, "00180015", "CS", s.BodyPartExamined);
        DicomJsonWriter.String(w, "0020000D", "UI", s.StudyInstanceUid);
        DicomJsonWriter.String(w, "0020000E", "UI", s.SeriesInstanceUid);
        DicomJsonWriter.Number(w, "00200011", "IS", s.SeriesNumber);
        DicomJsonWriter.Number(w, "00201209", "IS", instances);
        w.WriteEndObject();
    }

    private static void WriteInstance(Utf8JsonWriter w, IndexedInstance i, string baseUrl)
    {
        w.WriteStartObject();
        DicomJsonWriter.String(w, "00080016", "UI", i.SopClassUid);
        DicomJsonWriter.String(w, "00080018", "UI", i.SopInstanceUid);
        DicomJsonWriter.String(w, "00081190", "UR", $"{baseUrl}/studies/{i.StudyInstanceUid}/series/{i.SeriesInstanceUid}/instances/{i.SopInstanceUid}");
        DicomJsonWriter.String(w, "00083002", "UI", i.TransferSyntaxUid);
        DicomJsonWriter.String(w, "0020000D", "UI", i.StudyInstanceUid);
        DicomJsonWriter.String(w, "0020000E", "UI", i.SeriesInstanceUid);
        DicomJsonWriter.Number(w, "00200013", "IS", i.InstanceNumber);
        DicomJsonWriter.Number(w, "00280008", "IS", i.NumberOfFrames);
        DicomJsonWriter.Number(w, "00280010", "US", i.Rows);
        DicomJsonWriter.Number(w, "00280011", "US", i.Columns);
        w.WriteEndObject();
    }
}
