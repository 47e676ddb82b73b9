using System.Text.Json;
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
public static class IngestReport
{
    private const int MaxListedFiles = 1000;

    public static async Task<string> BuildAsync(EucaimDbContext db, IngestJob job, CancellationToken cancellationToken)
    {
        var files = await db.IngestFiles.AsNoTracking().Where(f => f.JobId == job.Id)
            .Select(f => new { f.DisplayName, f.State, f.Findings }).ToListAsync(cancellationToken);
        var findings = files.Select(f => (f.DisplayName, f.State, Findings: f.Findings is null ? [] : JsonSerializer.Deserialize<IngestFindingView[]>(f.Findings, JsonSerializerOptions.Web) ?? []))
            .ToList();

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
        var report = new
        {
            ingestId = job.Id,
            datasetId = job.DatasetId,
            version = job.VersionNumber,
            files = new
            {
                total = files.Count,
                stored = files.Count(f => f.State == IngestFileState.Stored),
                duplicates = files.Count(f => f.State == IngestFileState.Duplicate),
                rejected = files.Count(f => f.State == IngestFileState.Rejected),
            },
            findingsBySeverity = all.GroupBy(f => f.Severity).ToDictionary(g => g.Key, g => g.Count()),
            findingsByCode = all.GroupBy(f => (f.Code, f.Severity)).OrderByDescending(g => g.Count())
                .Select(g => new { code = g.Key.Code, severity = g.Key.Severity, count = g.Count() }),
            rejectedFiles = findings.Where(f => f.State == IngestFileState.Rejected).Take(MaxListedFiles)
                .Select(f => new { name = f.DisplayName, findings = f.Findings.Where(x => x.Severity == "error") }),
            quality = new
            {
                instances = quality.FileCount,
                modalities = quality.ModalityCounts,
                series = quality.Series.Select(s => new
                {
                    seriesInstanceUid = s.SeriesInstanceUid,
                    studyInstanceUid = s.StudyInstanceUid,
                    modality = s.Modality,
                    instances = s.InstanceCount,
                    complete = s.IsComplete,
                    missingInstanceNumbers = s.MissingInstanceNumbers,
                    duplicateInstanceNumbers = s.DuplicateInstanceNumbers,
                    sliceSpacing = s.SliceSpacing is { } sp ? new { minimum = sp.Minimum, maximum = sp.Maximum, median = sp.Median, consistent = sp.IsConsistent } : null,
                    imageSizes = s.ImageSizes,
                }),
                findings = quality.Findings.Select(IngestFindings.View),
            },
        };
        return JsonSerializer.Serialize(report, JsonSerializerOptions.Web);
    }
}
