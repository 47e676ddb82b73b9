using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Eucaim.Core.Catalogue;
using Eucaim.Core.Contracts;
using Eucaim.Core.Data;
using Eucaim.Core.Platform;
using Eucaim.Core.Storage;
using Microsoft.EntityFrameworkCore;

namespace Eucaim.Core.Ingest;

/// <summary>
/// What publishing a draft means for its data (see <see cref="IngestRules.RefusePublicationWhileIngesting"/>).
/// Files an ingest rejected are not part of the version; its report lists them. Publishing writes the
/// version's manifest (every instance's path, SHA-256, size and place in its pack, from the index) once: a manifest
/// already there is never overwritten.
/// </summary>
public sealed class VersionPublication(BlobServiceClient blobs) : IPublicationPreparation
{
    /// <summary>
    /// Checks the ingests and writes the manifest, with the draft's row locked by the publication: STOW-RS
    /// and the ingest worker index an instance only while holding FOR SHARE on it as a draft, so none
    /// can slip in between the manifest and the publication.
    /// </summary>
    public async Task<Problem?> PrepareAsync(EucaimDbContext db, Dataset dataset, DatasetVersion draft, CancellationToken cancellationToken)
    {
        var unfinished = await db.IngestJobs.AsNoTracking()
            .Where(j => j.DatasetId == dataset.Id && j.VersionNumber == draft.Number
                && (j.State == IngestState.Open || j.State == IngestState.Queued || j.State == IngestState.Running))
            .Select(j => j.Id).ToListAsync(cancellationToken);
        if (IngestRules.RefusePublicationWhileIngesting(unfinished) is { } ingesting)
        {
            return ingesting;
        }

        var files = await db.DicomInstances.AsNoTracking()
            .Where(i => i.DatasetId == dataset.Id && i.VersionNumber == draft.Number)
            .OrderBy(i => i.Path)
            .Select(i => new DatasetVersionManifestFile(i.Path, i.Sha256, i.Size, i.Pack, i.PackOffset, i.DeflatedSize))
            .ToListAsync(cancellationToken);
        if (files.Count == 0)
        {
            // A metadata-only version (e.g. a federated dataset) has no data and no manifest.
            return null;
        }

        var manifest = new DatasetVersionManifest(dataset.Id, draft.Number, files);
        var blob = blobs.GetBlobContainerClient(BlobContainers.Datasets).GetBlobClient(BlobLayout.Datasets.Manifest(dataset.Id, draft.Number));
        try
        {
            await blob.UploadAsync(new BinaryData(manifest.ToUtf8Json()), new BlobUploadOptions
            {
                Conditions = new BlobRequestConditions { IfNoneMatch = ETag.All },
                HttpHeaders = new BlobHttpHeaders { ContentType = "application/json" },
            }, cancellationToken);
        }
        catch (RequestFailedException ex) when (ex.Status is 409 or 412)
        {
            // Written by an earlier attempt of this publication that failed afterwards: it must list the same files
            // (paths, SHA-256, sizes). Where their bytes are may differ: files stored again after that attempt are in
            // a new pack, and the pack it names holds the same bytes (staging checks every SHA-256).
            var existing = DatasetVersionManifest.Parse((await blob.DownloadContentAsync(cancellationToken)).Value.Content.ToMemory().Span);
            if (!existing.Files.Select(f => (f.Path, f.Sha256, f.Size)).SequenceEqual(files.Select(f => (f.Path, f.Sha256, f.Size))))
            {
                return CatalogueProblems.Conflict("The version already has a different manifest.",
                    $"{BlobLayout.Datasets.Manifest(dataset.Id, draft.Number)} exists and lists other files; published data never changes.");
            }
        }

        return null;
    }
}
