using Azure;
using Azure.Storage.Blobs;
using Eucaim.Core.Contracts;
using Eucaim.Core.Data;
using Eucaim.Core.Storage;
using Eucaim.Dicom;
using Microsoft.EntityFrameworkCore;

namespace Eucaim.Core.Ingest;

/// <summary>
/// Brings study and series rows indexed before <see cref="DicomIndexRevision.Current"/> up to date:
/// the header of one stored instance of each such series is read again (the stored, possibly
/// de-identified file, as when it was indexed) and the columns added since are filled. Idempotent and
/// resumable: a row is marked current in the same statement that fills it.
/// </summary>
public sealed class BackfillDicomIndex(EucaimDbContext db, BlobServiceClient blobs)
{
    public const int BatchSize = 50;

    private static readonly DicomTagExtractor Extractor = new();

    /// <returns>The number of series brought up to date; <see cref="BatchSize"/> means more may wait.</returns>
    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        var pending = await db.DicomSeries.AsNoTracking().Where(s => s.IndexRevision < DicomIndexRevision.Current)
            .OrderBy(s => s.DatasetId).ThenBy(s => s.VersionNumber).ThenBy(s => s.SeriesInstanceUid)
            .Select(s => new { s.DatasetId, s.VersionNumber, s.SeriesInstanceUid, s.StudyInstanceUid })
            .Take(BatchSize).ToListAsync(cancellationToken);
        foreach (var s in pending)
        {
            var bytes = await db.DicomInstances.AsNoTracking()
                .Where(i => i.DatasetId == s.DatasetId && i.VersionNumber == s.VersionNumber && i.SeriesInstanceUid == s.SeriesInstanceUid)
                .OrderBy(i => i.SopInstanceUid).Select(i => new InstanceBytes(i.Path, i.Pack, i.PackOffset, i.Size, i.DeflatedSize)).FirstOrDefaultAsync(cancellationToken);
            var record = bytes is null ? null : await ReadAsync(s.DatasetId, s.VersionNumber, bytes, cancellationToken);
            await db.Database.ExecuteSqlAsync($"""
                UPDATE dicom_series SET performed_procedure_step_start_date = {record?.PerformedProcedureStepStartDate},
                    performed_procedure_step_start_time = {record?.PerformedProcedureStepStartTime},
                    manufacturer = {DicomIndexRows.Fit(record?.Manufacturer, 64)}, index_revision = {DicomIndexRevision.Current}
                WHERE dataset_id = {s.DatasetId} AND version_number = {s.VersionNumber} AND series_instance_uid = {s.SeriesInstanceUid}
                    AND index_revision < {DicomIndexRevision.Current}
                """, cancellationToken);
            await db.Database.ExecuteSqlAsync($"""
                UPDATE dicom_studies SET referring_physician_name = {record?.ReferringPhysicianName}, index_revision = {DicomIndexRevision.Current}
                WHERE dataset_id = {s.DatasetId} AND version_number = {s.VersionNumber} AND study_instance_uid = {s.StudyInstanceUid}
                    AND index_revision < {DicomIndexRevision.Current}
                """, cancellationToken);
        }

        return pending.Count;
    }

    /// <summary>The header only: the reader stops at the pixel data, and the rest of the download is dropped unread.</summary>
    private async Task<DicomIndexRecord?> ReadAsync(Guid datasetId, int version, InstanceBytes bytes, CancellationToken cancellationToken)
    {
        try
        {
            var blob = blobs.GetBlobContainerClient(BlobContainers.Datasets).GetBlobClient(BlobLayout.Datasets.File(datasetId, version, bytes.Blob));
            await using var stream = new BufferedStream(await bytes.OpenAsync(blob, cancellationToken: cancellationToken), 256 * 1024);
            return Extractor.Extract(DicomReader.ReadHeader(stream));
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            // The row outlived its file (a deletion under way): nothing to read, the row is marked current as it is.
            return null;
        }
    }
}
