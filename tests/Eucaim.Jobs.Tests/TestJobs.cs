using System.Security.Cryptography;
using Azure.Storage.Blobs;
using Eucaim.Core.Contracts;
using Eucaim.Core.Jobs;
using Eucaim.Core.Storage;
using Eucaim.Core.Tenants;
using Eucaim.Dicom.Synthetic;
using Eucaim.Workers.Jobs;

namespace Eucaim.Jobs.Tests;

internal static class TestJobs
{
    public const string Digest = "sha256:0b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e6f7a8b9c0d1e2f3a4b5c6d7e8f9a0b1c";

    public static Job Job(string tenant = "tenant-a", IEnumerable<(Guid Id, int Version)>? datasets = null, int runtimeMinutes = 30) => new()
    {
        Id = Guid.CreateVersion7(),
        TenantId = Guid.NewGuid(),
        TenantSlug = tenant,
        Name = "nodule-training",
        Image = "registry.example.org/eucaim/sample-job:1.0",
        ImageDigest = Digest,
        Command = ["python"],
        Arguments = ["train.py", "--epochs", "3"],
        Environment = new Dictionary<string, string> { ["EPOCHS"] = "3", ["LEARNING_RATE"] = "0.001" },
        Flavor = "large-gpu",
        GpuCount = 2,
        Datasets = [.. (datasets ?? []).Select(d => new JobDataset { DatasetId = d.Id, Version = d.Version, GrantId = Guid.NewGuid(), MountName = JobRules.MountName(d.Id) })],
        MaxRuntimeMinutes = runtimeMinutes,
        Status = JobStatus.Starting,
        SubmittedBy = "rita@lifescience-ri.eu",
        SubmittedAt = DateTimeOffset.UtcNow,
    };

    public static Flavor GpuFlavor() => new()
    {
        Name = "large-gpu",
        CpuMillicores = 8000,
        MemoryMib = 65536,
        GpuCount = 2,
        GpuType = "NVIDIA-A100-SXM4-80GB",
        NodeSelector = ["nvidia.com/gpu.present=true"],
        Tolerations = ["nvidia.com/gpu:NoSchedule", "dedicated=gpu:NoExecute"],
        EphemeralStorageGib = 100,
        MaxRuntimeMinutes = 1440,
    };

    public static Flavor CpuFlavor() => new()
    {
        Name = "small-cpu",
        CpuMillicores = 2000,
        MemoryMib = 4096,
        MaxRuntimeMinutes = 120,
    };

    public static JobsOptions Options() => new()
    {
        Kubernetes = new KubernetesJobsOptions
        {
            ToolsImage = "ghcr.io/eucaim/workers@sha256:" + new string('e', 64),
            StagingEndpoint = "http://eucaim-api.eucaim.svc:8080",
            HostAliases = ["10.20.0.4 eucaimstorage.blob.core.windows.net", "10.96.100.80 eucaim-api.eucaim.svc"],
        },
    };

    /// <summary>
    /// Test stand-in for the ingest pipeline's publication: real CT instances in one pack and their
    /// manifest, in the layout ingest writes (<c>{datasetId}/v{n}/packs/{id}.pack</c>, each file a range
    /// of it); returns the bytes by path.
    /// </summary>
    public static async Task<Dictionary<string, byte[]>> PublishAsync(BlobServiceClient blobs, Guid datasetId, int version, int instances = 3)
    {
        var container = blobs.GetBlobContainerClient(BlobContainers.Datasets);
        var files = new Dictionary<string, byte[]>();
        for (var i = 0; i < instances; i++)
        {
            var path = $"{SyntheticCtSeries.StudyInstanceUid(11)}/{SyntheticCtSeries.SeriesInstanceUid(11)}/{SyntheticCtSeries.SopInstanceUid(11, i)}.dcm";
            files[path] = SyntheticCtSeries.CreateFile(seed: 11, index: i, rows: 16, columns: 16);
        }

        var pack = BlobLayout.Datasets.PackRelativePath(Guid.NewGuid());
        await container.GetBlobClient(BlobLayout.Datasets.File(datasetId, version, pack)).UploadAsync(BinaryData.FromBytes(files.Values.SelectMany(b => b).ToArray()), overwrite: true);
        long offset = 0;
        var entries = new List<DatasetVersionManifestFile>();
        foreach (var (path, bytes) in files)
        {
            entries.Add(new DatasetVersionManifestFile(path, Convert.ToHexStringLower(SHA256.HashData(bytes)), bytes.Length, pack, offset));
            offset += bytes.Length;
        }

        await container.GetBlobClient(BlobLayout.Datasets.Manifest(datasetId, version))
            .UploadAsync(new BinaryData(new DatasetVersionManifest(datasetId, version, entries).ToUtf8Json()), overwrite: true);
        return files;
    }
}
