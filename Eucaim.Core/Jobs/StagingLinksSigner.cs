using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Sas;
using Eucaim.Core.Contracts;
using Eucaim.Core.Storage;

namespace Eucaim.Core.Jobs;

/// <summary>
/// Signs the links of <see cref="StagingLinks"/> from what is in blob storage: the job's staging plan
/// for datasets, the job's archive blob for outputs. One signer (so one user delegation key) for all
/// the links of one answer, however many files the plan lists.
/// </summary>
public static class StagingLinksSigner
{
    /// <summary>How long staging links stay valid: long enough to copy a large dataset, short enough to be useless afterwards.</summary>
    public static readonly TimeSpan DatasetLinkLifetime = TimeSpan.FromHours(2);

    /// <summary>Beyond the run deadline, the time the output sidecar has to upload the archive.</summary>
    public static readonly TimeSpan UploadMargin = TimeSpan.FromHours(1);

    /// <summary>Read links for every file of the plan, or null when the job has no plan (yet).</summary>
    public static async Task<StagingLinks?> ForDatasetsAsync(BlobServiceClient blobs, Guid jobId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        StagingPlan plan;
        try
        {
            var content = await blobs.GetBlobContainerClient(BlobContainers.System).GetBlobClient(BlobLayout.System.JobStagingPlan(jobId)).DownloadContentAsync(cancellationToken);
            plan = StagingPlan.Parse(content.Value.Content);
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return null;
        }

        var until = now + DatasetLinkLifetime;
        var datasets = blobs.GetBlobContainerClient(BlobContainers.Datasets);
        var signer = await BlobSas.SignerAsync(blobs, now, until, cancellationToken);
        // One link a blob: the files of a pack share its link and read their ranges of it.
        var linked = plan.Datasets.Select(d => new StagingLinks.Dataset(d.MountName, d.Manifest, d.Manifest.Files.Select(f => f.Bytes.Blob).Distinct(StringComparer.Ordinal).ToDictionary(
            blob => blob,
            blob => signer.Sign(datasets.GetBlobClient(BlobLayout.Datasets.File(d.Manifest.DatasetId, d.Manifest.Version, blob)), BlobSasPermissions.Read, until),
            StringComparer.Ordinal))).ToList();
        return new StagingLinks(linked, null, until);
    }

    /// <summary>The one create/write link of the job's output archive, valid for its run deadline from now plus the upload margin.</summary>
    public static async Task<StagingLinks> ForOutputsAsync(BlobServiceClient blobs, Guid jobId, int maxRuntimeMinutes, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var expires = now + TimeSpan.FromMinutes(maxRuntimeMinutes) + UploadMargin;
        var archive = blobs.GetBlobContainerClient(BlobContainers.System).GetBlobClient(BlobLayout.System.JobOutputArchive(jobId));
        var signer = await BlobSas.SignerAsync(blobs, now, expires, cancellationToken);
        return new StagingLinks([], signer.Sign(archive, BlobSasPermissions.Create | BlobSasPermissions.Write, expires), expires);
    }
}
