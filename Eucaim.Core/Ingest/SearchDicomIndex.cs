using Eucaim.Core.Access;
using Eucaim.Core.Data;
using Eucaim.Core.Identity;
using Eucaim.Core.Platform;
using Microsoft.EntityFrameworkCore;

namespace Eucaim.Core.Ingest;

/// <summary>What a QIDO-RS search found: one page of results, and whether more match beyond it.</summary>
public sealed record DicomMatches(Guid DatasetId, QidoQuery Query, IReadOnlyList<QidoResult> Results, bool MoreExist);

/// <summary>
/// QIDO-RS over the index of the version the caller may read (<see cref="DicomReadAccess"/>). Every
/// matching key narrows its own level; a key of a lower level narrows the levels above to those
/// holding a match (a study search on <c>SOPClassUID</c> finds the studies with such an instance).
/// </summary>
public sealed class SearchDicomIndex(EucaimDbContext db, AccessClock clock)
{
    public async Task<Outcome<DicomMatches>> RunAsync(
        Actor actor, Guid id, QidoLevel level, string? study, string? series,
        IEnumerable<KeyValuePair<string, IReadOnlyList<string>>> parameters, CancellationToken cancellationToken)
    {
        var target = await DicomReadAccess.TargetAsync(db, actor.Identity, id, clock.GetUtcNow(), cancellationToken);
        if (!target.Succeeded)
        {
            return target.Problem;
        }

        var parsed = QidoQuery.Parse(level, study, series, parameters);
        if (!parsed.Succeeded)
        {
            return parsed.Problem;
        }

        var q = parsed.Value;
        var version = target.Value.Version;
        var index = new VersionIndex(
            db.DicomPatients.AsNoTracking().Where(p => p.DatasetId == id && p.VersionNumber == version),
            db.DicomStudies.AsNoTracking().Where(s => s.DatasetId == id && s.VersionNumber == version),
            db.DicomSeries.AsNoTracking().Where(s => s.DatasetId == id && s.VersionNumber == version),
            db.DicomInstances.AsNoTracking().Where(i => i.DatasetId == id && i.VersionNumber == version));
        var (studies, allSeries, instances) = (index.Studies, index.Series, index.Instances);
        foreach (var match in q.Matches)
        {
            (studies, allSeries, instances) = match.Attribute.Entity switch
            {
                QidoEntity.Study => (QidoFilters.Study(studies, match, index), allSeries, instances),
                QidoEntity.Series => (studies, QidoFilters.Apply(allSeries, QidoFilters.SeriesColumns[match.Attribute], match), instances),
                _ => (studies, allSeries, QidoFilters.Apply(instances, QidoFilters.InstanceColumns[match.Attribute], match)),
            };
        }

        var hasSeriesKeys = q.Matches.Any(m => m.Attribute.Entity == QidoEntity.Series);
        var hasInstanceKeys = q.Matches.Any(m => m.Attribute.Entity == QidoEntity.Instance);
        var seriesInScope = allSeries.Where(se => studies.Any(s => s.StudyInstanceUid == se.StudyInstanceUid));
        if (hasInstanceKeys)
        {
            var matchingInstances = instances;
            seriesInScope = seriesInScope.Where(se => matchingInstances.Any(i => i.SeriesInstanceUid == se.SeriesInstanceUid));
        }

        var results = level switch
        {
            QidoLevel.Study => await StudiesAsync(q, index, hasSeriesKeys || hasInstanceKeys
                ? studies.Where(s => seriesInScope.Any(se => se.StudyInstanceUid == s.StudyInstanceUid)) : studies, cancellationToken),
            QidoLevel.Series => await SeriesAsync(q, index, seriesInScope, cancellationToken),
            _ => await InstancesAsync(q, index, instances.Where(i => seriesInScope.Any(se => se.SeriesInstanceUid == i.SeriesInstanceUid)), cancellationToken),
        };
        var more = results.Count > q.Limit;
        return new DicomMatches(id, q, more ? results.Take(q.Limit).ToList() : results, more);
    }

    /// <summary>Fetches one more than the limit, which tells whether more match.</summary>
    private static async Task<List<QidoResult>> StudiesAsync(QidoQuery q, VersionIndex index, IQueryable<IndexedStudy> studies, CancellationToken cancellationToken)
    {
        var rows = await studies.OrderBy(s => s.StudyInstanceUid).Skip(q.Offset).Take(q.Limit + 1).ToListAsync(cancellationToken);
        var details = await StudyRowsAsync(index, rows, cancellationToken);
        return rows.Select(s => new QidoResult(details[s.StudyInstanceUid], null, null)).ToList();
    }

    private static async Task<List<QidoResult>> SeriesAsync(QidoQuery q, VersionIndex index, IQueryable<IndexedSeries> series, CancellationToken cancellationToken)
    {
        var rows = await series.OrderBy(se => se.StudyInstanceUid).ThenBy(se => se.SeriesNumber).ThenBy(se => se.SeriesInstanceUid)
            .Skip(q.Offset).Take(q.Limit + 1).ToListAsync(cancellationToken);
        var details = await SeriesRowsAsync(index, rows, cancellationToken);
        var studies = await StudiesAboveAsync(q, index, rows.Select(r => r.StudyInstanceUid), cancellationToken);
        return rows.Select(se => new QidoResult(studies?[se.StudyInstanceUid], details[se.SeriesInstanceUid], null)).ToList();
    }

    private static async Task<List<QidoResult>> InstancesAsync(QidoQuery q, VersionIndex index, IQueryable<IndexedInstance> instances, CancellationToken cancellationToken)
    {
        var rows = await instances.OrderBy(i => i.StudyInstanceUid).ThenBy(i => i.SeriesInstanceUid).ThenBy(i => i.InstanceNumber).ThenBy(i => i.SopInstanceUid)
            .Skip(q.Offset).Take(q.Limit + 1).ToListAsync(cancellationToken);
        Dictionary<string, QidoSeriesRow>? series = null;
        if (q.Returned.Any(a => a.Entity == QidoEntity.Series && a != QidoAttributes.SeriesInstanceUid))
        {
            var uids = rows.Select(r => r.SeriesInstanceUid).Distinct().ToList();
            series = await SeriesRowsAsync(index, await index.Series.Where(se => uids.Contains(se.SeriesInstanceUid)).ToListAsync(cancellationToken), cancellationToken);
        }

        var studies = await StudiesAboveAsync(q, index, rows.Select(r => r.StudyInstanceUid), cancellationToken);
        return rows.Select(i => new QidoResult(studies?[i.StudyInstanceUid], series?[i.SeriesInstanceUid], i)).ToList();
    }

    /// <summary>The studies of a series or instance page, when the response returns study attributes beyond the UID.</summary>
    private static async Task<Dictionary<string, QidoStudyRow>?> StudiesAboveAsync(QidoQuery q, VersionIndex index, IEnumerable<string> studyUids, CancellationToken cancellationToken)
    {
        if (!q.Returned.Any(a => a.Entity == QidoEntity.Study && a != QidoAttributes.StudyInstanceUid))
        {
            return null;
        }

        var uids = studyUids.Distinct().ToList();
        return await StudyRowsAsync(index, await index.Studies.Where(s => uids.Contains(s.StudyInstanceUid)).ToListAsync(cancellationToken), cancellationToken);
    }

    private static async Task<Dictionary<string, QidoStudyRow>> StudyRowsAsync(VersionIndex index, List<IndexedStudy> rows, CancellationToken cancellationToken)
    {
        var uids = rows.Select(s => s.StudyInstanceUid).ToList();
        var patientIds = rows.Select(s => s.PatientId).Distinct().ToList();
        var patients = await index.Patients.Where(p => patientIds.Contains(p.PatientId)).ToDictionaryAsync(p => p.PatientId, cancellationToken);
        var series = await index.Series.Where(se => uids.Contains(se.StudyInstanceUid))
            .Select(se => new { se.StudyInstanceUid, se.Modality }).ToListAsync(cancellationToken);
        var counts = await index.Instances.Where(i => uids.Contains(i.StudyInstanceUid)).GroupBy(i => i.StudyInstanceUid)
            .Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, cancellationToken);
        return rows.ToDictionary(s => s.StudyInstanceUid, s =>
        {
            var own = series.Where(se => se.StudyInstanceUid == s.StudyInstanceUid).ToList();
            var modalities = own.Select(se => se.Modality).OfType<string>().Distinct().Order(StringComparer.Ordinal).ToList();
            return new QidoStudyRow(s, patients.GetValueOrDefault(s.PatientId), modalities, own.Count, counts.GetValueOrDefault(s.StudyInstanceUid));
        });
    }

    private static async Task<Dictionary<string, QidoSeriesRow>> SeriesRowsAsync(VersionIndex index, List<IndexedSeries> rows, CancellationToken cancellationToken)
    {
        var uids = rows.Select(s => s.SeriesInstanceUid).ToList();
        var counts = await index.Instances.Where(i => uids.Contains(i.SeriesInstanceUid)).GroupBy(i => i.SeriesInstanceUid)
            .Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, cancellationToken);
        return rows.ToDictionary(se => se.SeriesInstanceUid, se => new QidoSeriesRow(se, counts.GetValueOrDefault(se.SeriesInstanceUid)));
    }
}
