using Eucaim.Api.Platform;
using System.Globalization;
using System.Text.Json;
using Eucaim.Core.Access;
using Eucaim.Core.Data;
using Eucaim.Core.Ingest;
using Microsoft.EntityFrameworkCore;

namespace Eucaim.Api.DicomWeb;

/// <summary>
/// QIDO-RS (PS3.18 10.6) over the version's index: studies, series and instances, matched on
/// the attributes the index keeps (keyword or tag: StudyInstanceUID/0020000D, PatientID/00100020,
/// AccessionNumber/00080050, StudyDate/00080020 as a date or a range, ModalitiesInStudy or
/// Modality/00080060, SeriesInstanceUID/0020000E, SOPInstanceUID/00080018), with limit and offset.
/// </summary>
internal static class QidoEndpoints
{
    private const int MaxLimit = 1000;

    public static Task<IResult> StudiesAsync(Guid id, HttpContext http, Caller caller, EucaimDbContext db, CancellationToken cancellationToken) =>
        SearchAsync(id, null, null, Level.Study, http, caller, db, cancellationToken);

    public static Task<IResult> SeriesAsync(Guid id, string? study, HttpContext http, Caller caller, EucaimDbContext db, CancellationToken cancellationToken) =>
        SearchAsync(id, study, null, Level.Series, http, caller, db, cancellationToken);

    public static Task<IResult> InstancesAsync(Guid id, string? study, string? series, HttpContext http, Caller caller, EucaimDbContext db, CancellationToken cancellationToken) =>
        SearchAsync(id, study, series, Level.Instance, http, caller, db, cancellationToken);

    private enum Level
    {
        Study,
        Series,
        Instance,
    }

    private static async Task<IResult> SearchAsync(Guid id, string? study, string? series, Level level, HttpContext http, Caller caller, EucaimDbContext db, CancellationToken cancellationToken)
    {
        var (target, problem) = await DicomWebAccess.ReadTargetAsync(
            db, caller.Identity, id, http.RequestServices.GetRequiredService<AccessClock>(), cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        var q = http.Request.Query;
        string? Param(string keyword, string tag) => q.TryGetValue(keyword, out var v) ? v.ToString() : q.TryGetValue(tag, out var t) ? t.ToString() : null;
        study ??= Param("StudyInstanceUID", "0020000D");
        series ??= Param("SeriesInstanceUID", "0020000E");
        var sop = Param("SOPInstanceUID", "00080018");
        var patientId = Param("PatientID", "00100020");
        var accession = Param("AccessionNumber", "00080050");
        var modality = Param("ModalitiesInStudy", "00080061") ?? Param("Modality", "00080060");
        var (limit, offset, pagingError) = Paging(q);
        var (from, to, dateError) = DateRange(Param("StudyDate", "00080020"));
        if ((pagingError ?? dateError) is { } error)
        {
            return TypedResults.Problem(title: "The query is not valid.", detail: error, statusCode: StatusCodes.Status400BadRequest);
        }

        var version = target!.Version;
        var studies = db.DicomStudies.AsNoTracking().Where(s => s.DatasetId == id && s.VersionNumber == version);
        if (study is not null)
        {
            studies = studies.Where(s => s.StudyInstanceUid == study);
        }

        if (patientId is not null)
        {
            studies = studies.Where(s => s.PatientId == patientId);
        }

        if (accession is not null)
        {
            studies = studies.Where(s => s.AccessionNumber == accession);
        }

        if (from is not null)
        {
            studies = studies.Where(s => s.StudyDate >= from);
        }

        if (to is not null)
        {
            studies = studies.Where(s => s.StudyDate <= to);
        }

        var allSeries = db.DicomSeries.AsNoTracking().Where(s => s.DatasetId == id && s.VersionNumber == version);
        var instances = db.DicomInstances.AsNoTracking().Where(i => i.DatasetId == id && i.VersionNumber == version);
        if (modality is not null)
        {
            var modalities = modality.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            studies = studies.Where(s => allSeries.Any(se => se.StudyInstanceUid == s.StudyInstanceUid && modalities.Contains(se.Modality!)));
            if (level != Level.Study)
            {
                allSeries = allSeries.Where(se => modalities.Contains(se.Modality!));
            }
        }

        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartArray();
            switch (level)
            {
                case Level.Study:
                    var studyRows = await studies.OrderBy(s => s.StudyInstanceUid).Skip(offset).Take(limit).ToListAsync(cancellationToken);
                    var uids = studyRows.Select(s => s.StudyInstanceUid).ToList();
                    var patients = await db.DicomPatients.AsNoTracking().Where(p => p.DatasetId == id && p.VersionNumber == version).ToDictionaryAsync(p => p.PatientId, cancellationToken);
                    var seriesOfStudies = await allSeries.Where(s => uids.Contains(s.StudyInstanceUid)).ToListAsync(cancellationToken);
                    var counts = await instances.Where(i => uids.Contains(i.StudyInstanceUid)).GroupBy(i => i.StudyInstanceUid)
                        .Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, cancellationToken);
                    foreach (var s in studyRows)
                    {
                        var ofStudy = seriesOfStudies.Where(se => se.StudyInstanceUid == s.StudyInstanceUid).ToList();
                        WriteStudy(w, s, patients.GetValueOrDefault(s.PatientId), ofStudy, counts.GetValueOrDefault(s.StudyInstanceUid));
                    }

                    break;
                case Level.Series:
                    var seriesRows = await allSeries.Where(se => studies.Any(s => s.StudyInstanceUid == se.StudyInstanceUid))
                        .Where(se => series == null || se.SeriesInstanceUid == series)
                        .OrderBy(se => se.StudyInstanceUid).ThenBy(se => se.SeriesNumber).ThenBy(se => se.SeriesInstanceUid)
                        .Skip(offset).Take(limit).ToListAsync(cancellationToken);
                    var seriesUids = seriesRows.Select(s => s.SeriesInstanceUid).ToList();
                    var seriesCounts = await instances.Where(i => seriesUids.Contains(i.SeriesInstanceUid)).GroupBy(i => i.SeriesInstanceUid)
                        .Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, cancellationToken);
                    foreach (var se in seriesRows)
                    {
                        WriteSeries(w, se, seriesCounts.GetValueOrDefault(se.SeriesInstanceUid));
                    }

                    break;
                default:
                    var instanceRows = await instances
                        .Where(i => studies.Any(s => s.StudyInstanceUid == i.StudyInstanceUid) && allSeries.Any(se => se.SeriesInstanceUid == i.SeriesInstanceUid))
                        .Where(i => series == null || i.SeriesInstanceUid == series)
                        .Where(i => sop == null || i.SopInstanceUid == sop)
                        .OrderBy(i => i.SeriesInstanceUid).ThenBy(i => i.InstanceNumber).ThenBy(i => i.SopInstanceUid)
                        .Skip(offset).Take(limit).ToListAsync(cancellationToken);
                    var baseUrl = $"{http.Request.Scheme}://{http.Request.Host}{DicomWebApi.Prefix}/{id}";
                    foreach (var i in instanceRows)
                    {
                        WriteInstance(w, i, baseUrl);
                    }

                    break;
            }

            w.WriteEndArray();
        }

        return Results.Bytes(buffer.ToArray(), "application/dicom+json");
    }

    private static void WriteStudy(Utf8JsonWriter w, IndexedStudy s, IndexedPatient? p, List<IndexedSeries> series, int instances)
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

    private static (int Limit, int Offset, string? Error) Paging(IQueryCollection q)
    {
        var limit = 100;
        var offset = 0;
        if (q.TryGetValue("limit", out var l) && (!int.TryParse(l, NumberStyles.None, CultureInfo.InvariantCulture, out limit) || limit is < 1 or > MaxLimit))
        {
            return (0, 0, $"limit must be between 1 and {MaxLimit}.");
        }

        if (q.TryGetValue("offset", out var o) && !int.TryParse(o, NumberStyles.None, CultureInfo.InvariantCulture, out offset))
        {
            return (0, 0, "offset must be a non-negative number.");
        }

        return (limit, offset, null);
    }

    /// <summary>A DA value or range: <c>20240101</c>, <c>20240101-20241231</c>, <c>-20241231</c>, <c>20240101-</c>.</summary>
    private static (DateOnly? From, DateOnly? To, string? Error) DateRange(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return (null, null, null);
        }

        var parts = value.Split('-');
        if (parts.Length > 2)
        {
            return (null, null, "StudyDate must be YYYYMMDD or a range YYYYMMDD-YYYYMMDD.");
        }

        DateOnly? Parse(string text) => text.Length == 0 ? null
            : DateOnly.TryParseExact(text, "yyyyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d : DateOnly.MinValue;
        var from = Parse(parts[0]);
        var to = parts.Length == 2 ? Parse(parts[1]) : from;
        return from == DateOnly.MinValue || to == DateOnly.MinValue
            ? (null, null, "StudyDate must be YYYYMMDD or a range YYYYMMDD-YYYYMMDD.")
            : (from, to, null);
    }
}
