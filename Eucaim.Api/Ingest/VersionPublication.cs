using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Eucaim.Api.Catalogue;
using Eucaim.Core.Catalogue;
using Eucaim.Core.Contracts;
using Eucaim.Core.Data;
using Eucaim.Core.Ingest;
using Eucaim.Core.Storage;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Eucaim.Api.Ingest;

/// <summary>
/// What publishing a draft means for its data. The rule: a draft whose ingests are all finished
/// (completed or failed) is publishable; an ingest still open, queued or running blocks it with 409,
/// because its report is not final and its instances are not all indexed. Files an ingest rejected
/// are not part of the version; its report lists them. Publishing writes the version's manifest
/// (every instance's path, SHA-256 and size, from the index) once: a manifest already there is
/// never overwritten.
/// </summary>
internal static class VersionPublication
{
    public static async Task<ProblemHttpResult?> PrepareAsync(
        EucaimDbContext db, BlobServiceClient blobs, Dataset dataset, DatasetVersion draft, CancellationToken cancellationToken)
    {
        var unfinished = await db.IngestJobs.AsNoTracking()
            .Where(j => j.DatasetId == dataset.Id && j.VersionNumber == draft.Number
                && (j.State == IngestState.Open || j.State == IngestState.Queued || j.State == IngestState.Running))
            .Select(j => j.Id).ToListAsync(cancellationToken);
        if (unfinished.Count > 0)
        {
            return TypedResults.Problem(
                title: "The draft's ingest is not validated yet.",
                detail: $"Ingests {string.Join(", ", unfinished)} are still open, queued or running: publish once their reports are complete (or terminate their uploads).",
                statusCode: StatusCodes.Status409Conflict,
                extensions: new Dictionary<string, object?> { ["ingests"] = unfinished });
        }

        var files = await db.DicomInstances.AsNoTracking()
            .Where(i => i.DatasetId == dataset.Id && i.VersionNumber == draft.Number)
            .OrderBy(i => i.Path)
            .Select(i => new DatasetVersionManifestFile(i.Path, i.Sha256, i.Size))
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
            // Written by an earlier attempt of this publication that failed afterwards: it must list the same files.
            var existing = DatasetVersionManifest.Parse((await blob.DownloadContentAsync(cancellationToken)).Value.Content.ToMemory().Span);
            if (!existing.Files.SequenceEqual(files))
            {
                return DatasetProblems.Conflict("The version already has a different manifest.",
                    $"{BlobLayout.Datasets.Manifest(dataset.Id, draft.Number)} exists and lists other files; published data never changes.");
            }
        }

        return null;
    }
}
