using System.Security.Cryptography;
using System.Text.Json;
using Azure.Storage.Blobs;
using Eucaim.Dicom.Synthetic;
using Eucaim.Platform.Tests;

namespace Eucaim.Jobs.Benchmarks;

/// <summary>
/// The benchmark's shortcut past upload and ingest (which it does not measure): writes real DICOM
/// files of a published version and its manifest straight into Azurite, in the layout the ingest capability produces
/// (<c>datasets/{datasetId}/v{n}/{StudyUID}/{SeriesUID}/{SOPUID}.dcm</c> plus <c>manifest.json</c>).
/// </summary>
internal static class PublishedDatasetFiles
{
    /// <summary>Writes <paramref name="instances"/> synthetic CT instances of one series (rows × columns pixels).</summary>
    public static async Task WriteAsync(PlatformRun platform, Guid datasetId, int version, int instances, int rows = 32, int columns = 24, int seed = 7)
    {
        var datasets = new BlobServiceClient(await platform.ConnectionStringAsync("blobs")).GetBlobContainerClient("datasets");
        var files = new List<object>();
        for (var i = 0; i < instances; i++)
        {
            var bytes = SyntheticCtSeries.CreateFile(seed, i, rows, columns);
            var path = $"{SyntheticCtSeries.StudyInstanceUid(seed)}/{SyntheticCtSeries.SeriesInstanceUid(seed)}/{SyntheticCtSeries.SopInstanceUid(seed, i)}.dcm";
            await datasets.GetBlobClient($"{datasetId:D}/v{version}/{path}").UploadAsync(BinaryData.FromBytes(bytes), overwrite: true);
            files.Add(new { path, sha256 = Convert.ToHexStringLower(SHA256.HashData(bytes)), size = bytes.Length });
        }

        var manifest = JsonSerializer.Serialize(new { datasetId, version, files });
        await datasets.GetBlobClient($"{datasetId:D}/v{version}/manifest.json").UploadAsync(BinaryData.FromString(manifest), overwrite: true);
    }
}
