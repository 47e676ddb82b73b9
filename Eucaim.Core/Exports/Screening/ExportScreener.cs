using Azure.Storage.Blobs;
using Eucaim.Core.Access;
using Eucaim.Core.Contracts;
using Eucaim.Core.Data;
using Eucaim.Core.Jobs;
using Eucaim.Core.Storage;
using Microsoft.EntityFrameworkCore;

namespace Eucaim.Core.Exports.Screening;

/// <summary>
/// The airlock's screening of an export request, run when it is made so that a reviewer never sees
/// an unscreened request: every file is read once from the tenant's outputs and checked by
/// <see cref="FileScreening"/> against the identifiers indexed for the dataset versions the job read
/// and the strictest small-cell threshold among those datasets.
/// </summary>
public sealed class ExportScreener(EucaimDbContext db, BlobServiceClient blobs)
{
    public async Task<List<ExportFinding>> ScreenAsync(Job job, IReadOnlyList<string> files, CancellationToken cancellationToken)
    {
        var identifiers = await IdentifiersAsync(job, cancellationToken);
        var threshold = await SmallCellThresholdAsync(job, cancellationToken);
        var outputs = blobs.GetBlobContainerClient(BlobContainers.Tenants);
        var findings = new List<ExportFinding>();
        foreach (var file in files)
        {
            var blob = outputs.GetBlobClient(BlobLayout.Tenants.JobOutput(job.TenantSlug, job.Id, file));
            await using var content = await blob.OpenReadAsync(cancellationToken: cancellationToken);
            findings.AddRange(await FileScreening.ScreenAsync(file, content, identifiers, threshold, cancellationToken));
        }

        return findings;
    }

    /// <summary>
    /// Patient IDs and accession numbers first, so a value that is both is reported as the one that
    /// blocks. Read as plain strings, streamed: only their hashes are kept.
    /// </summary>
    private async Task<IdentifierSet> IdentifiersAsync(Job job, CancellationToken cancellationToken)
    {
        var builder = new IdentifierSet.Builder();
        foreach (var dataset in job.Datasets)
        {
            var (id, version) = (dataset.DatasetId, dataset.Version);
            await foreach (var value in db.DicomPatients.AsNoTracking().Where(p => p.DatasetId == id && p.VersionNumber == version)
                .Select(p => p.PatientId).AsAsyncEnumerable().WithCancellation(cancellationToken))
            {
                builder.Add(value, ExportFindingCodes.PatientId);
            }

            await foreach (var value in db.DicomStudies.AsNoTracking().Where(s => s.DatasetId == id && s.VersionNumber == version && s.AccessionNumber != null)
                .Select(s => s.AccessionNumber).AsAsyncEnumerable().WithCancellation(cancellationToken))
            {
                builder.Add(value, ExportFindingCodes.AccessionNumber);
            }

            await foreach (var value in db.DicomStudies.AsNoTracking().Where(s => s.DatasetId == id && s.VersionNumber == version)
                .Select(s => s.StudyInstanceUid).AsAsyncEnumerable().WithCancellation(cancellationToken))
            {
                builder.Add(value, ExportFindingCodes.StudyInstanceUid);
            }

            await foreach (var value in db.DicomSeries.AsNoTracking().Where(s => s.DatasetId == id && s.VersionNumber == version)
                .Select(s => s.SeriesInstanceUid).AsAsyncEnumerable().WithCancellation(cancellationToken))
            {
                builder.Add(value, ExportFindingCodes.SeriesInstanceUid);
            }

            await foreach (var value in db.DicomInstances.AsNoTracking().Where(i => i.DatasetId == id && i.VersionNumber == version)
                .Select(i => i.SopInstanceUid).AsAsyncEnumerable().WithCancellation(cancellationToken))
            {
                builder.Add(value, ExportFindingCodes.SopInstanceUid);
            }
        }

        return builder.Build();
    }

    /// <summary>The largest threshold of the job's datasets: results built on several datasets meet the strictest rule.</summary>
    private async Task<int> SmallCellThresholdAsync(Job job, CancellationToken cancellationToken)
    {
        var ids = job.Datasets.Select(d => d.DatasetId).ToList();
        var set = await db.DatasetAccessPolicies.AsNoTracking().Where(p => ids.Contains(p.DatasetId)).Select(p => p.SmallCellThreshold).ToListAsync(cancellationToken);
        return set.Count == ids.Count && set.Count > 0 ? set.Max() : Math.Max(DatasetAccessPolicy.DefaultSmallCellThreshold, set.DefaultIfEmpty(0).Max());
    }
}
