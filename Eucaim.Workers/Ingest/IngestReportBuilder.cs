using Eucaim.Core.Contracts;
using Eucaim.Core.Data;
using Eucaim.Core.Ingest;
using Eucaim.Dicom;
using Microsoft.EntityFrameworkCore;

namespace Eucaim.Workers.Ingest;

/// <summary>
/// The ingest report, built from what is recorded (file rows and index rows) rather than from
/// memory, so that a job finished by a second worker reports every file of the first one too:
/// counts, findings by severity and code, the rejected files with their reasons, and the quality
/// summary (modalities, series completeness, slice spacing, image sizes) of the instances stored.
/// </summary>
public static class IngestReportBuilder
{
    public static async Task<IngestReport> BuildAsync(EucaimDbContext db, IngestJob job, CancellationToken cancellationToken)
    {
        var files = await db.IngestFiles.AsNoTracking().Where(f => f.JobId == job.Id)
            .Select(f => new { f.DisplayName, f.State, f.Findings }).ToListAsync(cancellationToken);
        var findings = files.Select(f => (f.DisplayName, f.State, Findings: IngestFindings.Parse(f.Findings))).ToList();

        var instances = await db.DicomInstances.AsNoTracking().Where(i => i.IngestJobId == job.Id)
            .Join(db.DicomSeries.AsNoTracking(), i => new { i.DatasetId, i.VersionNumber, i.SeriesInstanceUid }, s => new { s.DatasetId, s.VersionNumber, s.SeriesInstanceUid },
                (i, s) => new { i.StudyInstanceUid, i.SeriesInstanceUid, i.SopInstanceUid, i.InstanceNumber, i.Rows, i.Columns, i.NumberOfFrames, i.ImagePositionPatient, i.ImageOrientationPatient, s.Modality })
            .ToListAsync(cancellationToken);
        var quality = DicomQualitySummary.Create(instances.Select(i => new DicomIndexRecord
        {
            StudyInstanceUid = i.StudyInstanceUid,
            SeriesInstanceUid = i.SeriesInstanceUid,
            SopInstanceUid = i.SopInstanceUid,
            InstanceNumber = i.InstanceNumber,
            Rows = i.Rows,
            Columns = i.Columns,
            NumberOfFrames = i.NumberOfFrames,
            ImagePositionPatient = i.ImagePositionPatient,
            ImageOrientationPatient = i.ImageOrientationPatient,
            Modality = i.Modality,
        }));

        var all = findings.SelectMany(f => f.Findings).ToList();
        return new IngestReport(
            job.Id,
            job.DatasetId,
            job.VersionNumber,
            new IngestReportFiles(
                files.Count,
                files.Count(f => f.State == IngestFileState.Stored),
                files.Count(f => f.State == IngestFileState.Duplicate),
                files.Count(f => f.State == IngestFileState.Rejected)),
            all.GroupBy(f => f.Severity).ToDictionary(g => g.Key, g => g.Count()),
            all.GroupBy(f => (f.Code, f.Severity)).OrderByDescending(g => g.Count())
                .Select(g => new IngestReportCodeCount(g.Key.Code, g.Key.Severity, g.Count())).ToList(),
            findings.Where(f => f.State == IngestFileState.Rejected).Take(IngestReport.MaxListedFiles)
                .Select(f => new IngestReportRejectedFile(f.DisplayName, f.Findings.Where(x => x.Severity == "error").ToList())).ToList(),
            new IngestReportQuality(
                quality.FileCount,
                quality.ModalityCounts,
                quality.Series.Select(s => new IngestReportSeries(
                    s.SeriesInstanceUid,
                    s.StudyInstanceUid,
                    s.Modality,
                    s.InstanceCount,
                    s.IsComplete,
                    s.MissingInstanceNumbers,
                    s.DuplicateInstanceNumbers,
                    s.SliceSpacing is { } sp ? new IngestReportSliceSpacing(sp.Minimum, sp.Maximum, sp.Median, sp.IsConsistent) : null,
                    s.ImageSizes)).ToList(),
                quality.Findings.Select(IngestFindings.View).ToList()));
    }
}
