using Eucaim.Core.Access;
using Eucaim.Core.Data;
using Eucaim.Core.Identity;
using Eucaim.Core.Platform;
using Microsoft.EntityFrameworkCore;

namespace Eucaim.Core.Ingest;

public sealed record StudyMatch(IndexedStudy Study, IndexedPatient? Patient, IReadOnlyList<IndexedSeries> Series, int Instances);

public sealed record SeriesMatch(IndexedSeries Series, int Instances);

/// <summary>What a QIDO-RS search found, at its level (the other lists are empty).</summary>
public sealed record DicomMatches(Guid DatasetId, IReadOnlyList<StudyMatch> Studies, IReadOnlyList<SeriesMatch> Series, IReadOnlyList<IndexedInstance> Instances);

/// <summary>QIDO-RS over the index of the version the caller may read (<see cref="DicomReadAccess"/>).</summary>
public sealed class SearchDicomIndex(EucaimDbContext db, AccessClock clock)
{
    public async Task<Outcome<DicomMatches>> RunAsync(
        Actor actor, Guid id, QidoLevel level, string? study, string? series, Func<string, string?> query, CancellationToken cancellationToken)
    {
        var target = await DicomReadAccess.TargetAsync(db, actor.Identity, id, clock.GetUtcNow(), cancellationToken);
        if (!target.Succeeded)
        {
            return target.Problem;
        }

        var parsed = QidoQuery.Parse(level, study, series, query);
        if (!parsed.Succeeded)
        {
            return parsed.Problem;
        }

        var q = parsed.Value;
        var version = target.Value.Version;
        var studies = db.DicomStudies.AsNoTracking().Where(s => s.DatasetId == id && s.VersionNumber == version);
        studies = q.Study is { } uid ? studies.Where(s => s.StudyInstanceUid == uid) : studies;
        studies = q.PatientId is { } patientId ? studies.Where(s => s.PatientId == patientId) : studies;
        studies = q.Accession is { } accession ? studies.Where(s => s.AccessionNumber == accession) : studies;
        studies = q.From is { } from ? studies.Where(s => s.StudyDate >= from) : studies;
        studies = q.To is { } to ? studies.Where(s => s.StudyDate <= to) : studies;

        var allSeries = db.DicomSeries.AsNoTracking().Where(s => s.DatasetId == id && s.VersionNumber == version);
        var instances = db.DicomInstances.AsNoTracking().Where(i => i.DatasetId == id && i.VersionNumber == version);
        if (q.Modalities is { } list)
        {
            var modalities = list.ToArray();
            studies = studies.Where(s => allSeries.Any(se => se.StudyInstanceUid == s.StudyInstanceUid && modalities.Contains(se.Modality!)));
            if (level != QidoLevel.Study)
            {
                allSeries = allSeries.Where(se => modalities.Contains(se.Modality!));
            }
        }

        return level switch
        {
            QidoLevel.Study => new DicomMatches(id, await StudiesAsync(id, version, q, studies, allSeries, instances, cancellationToken), [], []),
            QidoLevel.Series => new DicomMatches(id, [], await SeriesAsync(q, studies, allSeries, instances, cancellationToken), []),
            _ => new DicomMatches(id, [], [], await InstancesAsync(q, studies, allSeries, instances, cancellationToken)),
        };
    }

    private async Task<List<StudyMatch>> StudiesAsync(Guid id, int version, QidoQuery q,
        IQueryable<IndexedStudy> studies, IQueryable<IndexedSeries> allSeries, IQueryable<IndexedInstance> instances, CancellationToken cancellationToken)
    {
        var studyRows = await studies.OrderBy(s => s.StudyInstanceUid).Skip(q.Offset).Take(q.Limit).ToListAsync(cancellationToken);
        var uids = studyRows.Select(s => s.StudyInstanceUid).ToList();
        var patients = await db.DicomPatients.AsNoTracking().Where(p => p.DatasetId == id && p.VersionNumber == version).ToDictionaryAsync(p => p.PatientId, cancellationToken);
        var seriesOfStudies = await allSeries.Where(s => uids.Contains(s.StudyInstanceUid)).ToListAsync(cancellationToken);
        var counts = await instances.Where(i => uids.Contains(i.StudyInstanceUid)).GroupBy(i => i.StudyInstanceUid)
            .Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, cancellationToken);
        return studyRows.Select(s => new StudyMatch(s, patients.GetValueOrDefault(s.PatientId),
            seriesOfStudies.Where(se => se.StudyInstanceUid == s.StudyInstanceUid).ToList(), counts.GetValueOrDefault(s.StudyInstanceUid))).ToList();
    }

    private static async Task<List<SeriesMatch>> SeriesAsync(QidoQuery q,
        IQueryable<IndexedStudy> studies, IQueryable<IndexedSeries> allSeries, IQueryable<IndexedInstance> instances, CancellationToken cancellationToken)
    {
        var series = q.Series;
        var seriesRows = await allSeries.Where(se => studies.Any(s => s.StudyInstanceUid == se.StudyInstanceUid))
            .Where(se => series == null || se.SeriesInstanceUid == series)
            .OrderBy(se => se.StudyInstanceUid).ThenBy(se => se.SeriesNumber).ThenBy(se => se.SeriesInstanceUid)
            .Skip(q.Offset).Take(q.Limit).ToListAsync(cancellationToken);
        var seriesUids = seriesRows.Select(s => s.SeriesInstanceUid).ToList();
        var counts = await instances.Where(i => seriesUids.Contains(i.SeriesInstanceUid)).GroupBy(i => i.SeriesInstanceUid)
            .Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, cancellationToken);
        return seriesRows.Select(se => new SeriesMatch(se, counts.GetValueOrDefault(se.SeriesInstanceUid))).ToList();
    }

    private static Task<List<IndexedInstance>> InstancesAsync(QidoQuery q,
        IQueryable<IndexedStudy> studies, IQueryable<IndexedSeries> allSeries, IQueryable<IndexedInstance> instances, CancellationToken cancellationToken)
    {
        var (series, sop) = (q.Series, q.Sop);
        return instances
            .Where(i => studies.Any(s => s.StudyInstanceUid == i.StudyInstanceUid) && allSeries.Any(se => se.SeriesInstanceUid == i.SeriesInstanceUid))
            .Where(i => series == null || i.SeriesInstanceUid == series)
            .Where(i => sop == null || i.SopInstanceUid == sop)
            .OrderBy(i => i.SeriesInstanceUid).ThenBy(i => i.InstanceNumber).ThenBy(i => i.SopInstanceUid)
            .Skip(q.Offset).Take(q.Limit).ToListAsync(cancellationToken);
    }
}
