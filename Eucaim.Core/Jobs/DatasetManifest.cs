using System.Text.Json;
using Azure;
using Azure.Storage.Blobs;

namespace Eucaim.Core.Jobs;

/// <summary>
/// The list of files of a published dataset version (<c>{datasetId}/v{n}/manifest.json</c> in the
/// <c>datasets</c> container), written once at publication: staging copies exactly these files and
/// checks each one's SHA-256, so a job reads the version its grant names and nothing else.
/// </summary>
public sealed record DatasetManifest(Guid DatasetId, int Version, IReadOnlyList<DatasetManifestFile> Files)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static async Task<DatasetManifest> ReadAsync(BlobContainerClient datasets, Guid datasetId, int version, CancellationToken cancellationToken)
    {
        var blob = datasets.GetBlobClient(JobBlobs.Manifest(datasetId, version));
        DatasetManifest? manifest;
        try
        {
            var content = await blob.DownloadContentAsync(cancellationToken);
            manifest = content.Value.Content.ToObjectFromJson<DatasetManifest>(Json);
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            throw new DatasetStagingException($"dataset {datasetId} version {version} has no published files (no manifest).");
        }
        catch (JsonException ex)
        {
            throw new DatasetStagingException($"the manifest of dataset {datasetId} version {version} is not valid JSON: {ex.Message}");
        }

        if (manifest is null || manifest.DatasetId != datasetId || manifest.Version != version || manifest.Files is null)
        {
            throw new DatasetStagingException($"the manifest of dataset {datasetId} version {version} names another dataset or version, or no files.");
        }

        foreach (var file in manifest.Files)
        {
            if (file.Path is null || !JobBlobs.IsSafeRelativePath(file.Path) || file.Sha256 is not { Length: 64 } || file.Size < 0)
            {
                throw new DatasetStagingException($"the manifest of dataset {datasetId} version {version} has an invalid entry '{file.Path}'.");
            }
        }

        return manifest;
    }

    public string Serialize() => JsonSerializer.Serialize(this, Json);
}

public sealed record DatasetManifestFile(string Path, string Sha256, long Size);

/// <summary>Staging a dataset failed in a way retrying will not fix: the job fails with this message.</summary>
public sealed class DatasetStagingException(string message) : Exception(message);
