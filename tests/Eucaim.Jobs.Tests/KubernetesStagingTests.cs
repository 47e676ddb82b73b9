using System.Formats.Tar;
using System.Security.Cryptography;
using System.Text.Json;
using Azure.Storage.Blobs;
using Eucaim.Core.Contracts;
using Eucaim.Core.Jobs;
using Eucaim.Core.Storage;
using Eucaim.Tenants.Tests.FakeKubernetes;
using Eucaim.Workers.Jobs;
using Eucaim.Workers.Jobs.Kubernetes;
using k8s;

namespace Eucaim.Jobs.Tests;

/// <summary>
/// Staging and outputs at the sizes research jobs have: the staging plan in blob storage and a token
/// Secret of a few bytes whatever the job stages, fresh links at every launch, and outputs that count
/// only once every byte is verified in the tenant's storage.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class KubernetesStagingTests(AzuriteFixture azurite)
{
    private const string Secrets = "/api/v1/namespaces/eucaim-tenant-a/secrets";

    [Fact]
    public async Task A_job_with_5000_input_files_stages_every_file_verified_from_a_secret_of_a_few_bytes()
    {
        await using var harness = await KubernetesBackendHarness.StartAsync(azurite);
        var backend = await harness.BackendAsync(watch: false);
        var dataset = Guid.NewGuid();
        var files = await PublishManyAsync(azurite.Blobs, dataset, count: 5000);
        var job = TestJobs.Job(datasets: [(dataset, 1)]);
        await backend.LaunchAsync(harness.Launch(job), CancellationToken.None);

        lock (harness.Server.Store.Sync)
        {
            // A link and a manifest entry per file overflowed the 1 MiB Secret at ~1,100–2,400 files.
            var secret = Assert.Single(harness.Server.Store.List(Secrets));
            Assert.True(secret.ToJsonString().Length < 1024, secret.ToJsonString());
        }

        var work = Directory.CreateTempSubdirectory("eucaim-pod-");
        try
        {
            var pod = await PodHelpers.FromSecretAsync(harness, job, work.FullName);
            var data = Path.Combine(work.FullName, "data");
            Assert.Equal(0, await pod.StageAsync(data));
            var staged = Directory.EnumerateFiles(Path.Combine(data, dataset.ToString("N")), "*", SearchOption.AllDirectories).ToList();
            Assert.Equal(5000, staged.Count);
            Assert.Equal(files["series-0042/0042.bin"], await File.ReadAllBytesAsync(Path.Combine(data, dataset.ToString("N"), "series-0042", "0042.bin")));
            Assert.Equal(1, harness.Staging.Exchanges);
        }
        finally
        {
            DatasetStaging.MakeWritable(Path.Combine(work.FullName, "data"));
            work.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task A_relaunch_replans_with_a_new_token_and_the_earlier_launch_token_gets_nothing()
    {
        await using var harness = await KubernetesBackendHarness.StartAsync(azurite);
        var backend = await harness.BackendAsync(watch: false);
        var dataset = Guid.NewGuid();
        await TestJobs.PublishAsync(azurite.Blobs, dataset, version: 1, instances: 2);
        var job = TestJobs.Job(datasets: [(dataset, 1)]);
        await backend.LaunchAsync(harness.Launch(job), CancellationToken.None);
        var work = Directory.CreateTempSubdirectory("eucaim-pod-");
        try
        {
            var first = await PodHelpers.FromSecretAsync(harness, job, Directory.CreateDirectory(Path.Combine(work.FullName, "first")).FullName);

            // Requeued (the API server timed out after the Secret was made) and launched again: the
            // Secret is replaced (a 409 used to keep the old plan with its expiring links).
            await backend.LaunchAsync(harness.Launch(job), CancellationToken.None);
            var second = await PodHelpers.FromSecretAsync(harness, job, Directory.CreateDirectory(Path.Combine(work.FullName, "second")).FullName);
            Assert.NotEqual(await File.ReadAllTextAsync(first.TokenFile), await File.ReadAllTextAsync(second.TokenFile));

            var refused = await Assert.ThrowsAsync<IOException>(() => first.Exchange(StagingPurpose.Datasets, patience: TimeSpan.Zero).ExchangeAsync(CancellationToken.None));
            Assert.Contains("401", refused.Message);
            var links = await second.ExchangeAsync(StagingPurpose.Datasets);
            // The two files are in one pack: one link, read by range.
            Assert.Single(Assert.Single(links.Datasets).Urls);
            // Signed at the exchange, not at the launch: valid for the whole staging window from now.
            Assert.True(links.ExpiresAt > DateTimeOffset.UtcNow + StagingLinksSigner.DatasetLinkLifetime - TimeSpan.FromMinutes(5));
        }
        finally
        {
            work.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task Outputs_of_1_GiB_reach_the_tenant_storage_with_every_file_verified()
    {
        await using var harness = await KubernetesBackendHarness.StartAsync(azurite);
        var backend = await harness.BackendAsync(watch: false);
        var job = TestJobs.Job();
        await backend.LaunchAsync(harness.Launch(job), CancellationToken.None);
        var work = Directory.CreateTempSubdirectory("eucaim-pod-");
        try
        {
            var output = Directory.CreateDirectory(Path.Combine(work.FullName, "output")).FullName;
            var expected = new Dictionary<string, string>();
            for (var i = 0; i < 4; i++)
            {
                expected[$"checkpoints/epoch-{i}.pt"] = await WriteFileAsync(Path.Combine(output, "checkpoints", $"epoch-{i}.pt"), 256 * 1024 * 1024, seed: i);
            }

            expected["metrics.json"] = await WriteFileAsync(Path.Combine(output, "metrics.json"), 100, seed: 9);
            var pod = await PodHelpers.FromSecretAsync(harness, job, work.FullName);
            var (files, bytes) = await PodTools.UploadAsync((await pod.ExchangeAsync(StagingPurpose.Outputs)).OutputUpload!, output, CancellationToken.None);
            Assert.Equal((5, (4L * 256 * 1024 * 1024) + 100), (files, bytes));

            var copy = await new JobCollector(azurite.Blobs, backend, new JobLogPump(backend)).CopyOutputsAsync(job, CancellationToken.None);
            Assert.Equal(new OutputsCopy(5, null), copy);
            var tenants = azurite.Blobs.GetBlobContainerClient(BlobContainers.Tenants);
            foreach (var (path, sha) in expected)
            {
                await using var stored = new HashingStream(await tenants.GetBlobClient(BlobLayout.Tenants.JobOutput(job.TenantSlug, job.Id, path)).OpenReadAsync());
                await stored.DrainAsync(CancellationToken.None);
                Assert.Equal(sha, stored.Sha256());
            }
        }
        finally
        {
            work.Delete(recursive: true);
            await backend.CleanupAsync(job, CancellationToken.None);
        }
    }

    [Fact]
    public async Task A_missing_unfinished_or_altered_archive_is_never_taken_for_the_job_outputs()
    {
        await using var harness = await KubernetesBackendHarness.StartAsync(azurite);
        var backend = await harness.BackendAsync(watch: false);
        var collector = new JobCollector(azurite.Blobs, backend, new JobLogPump(backend));
        var job = TestJobs.Job();
        await backend.LaunchAsync(harness.Launch(job), CancellationToken.None);
        var archive = azurite.Blobs.GetBlobContainerClient(BlobContainers.System).GetBlobClient(BlobLayout.System.JobOutputArchive(job.Id));

        Assert.Equal(new OutputsCopy(0, "the output sidecar uploaded no archive."), await collector.CopyOutputsAsync(job, CancellationToken.None));

        var work = Directory.CreateTempSubdirectory("eucaim-pod-");
        try
        {
            var output = Directory.CreateDirectory(Path.Combine(work.FullName, "output")).FullName;
            await File.WriteAllTextAsync(Path.Combine(output, "model.txt"), "weights");
            await File.WriteAllTextAsync(Path.Combine(output, "dice.json"), "{\"dice\":0.87}");
            var pod = await PodHelpers.FromSecretAsync(harness, job, work.FullName);
            await PodTools.UploadAsync((await pod.ExchangeAsync(StagingPurpose.Outputs)).OutputUpload!, output, CancellationToken.None);
            var metadata = (await archive.GetPropertiesAsync()).Value.Metadata;
            var original = (await archive.DownloadContentAsync()).Value.Content.ToArray();

            // One byte of a file changed on the way: that file is refused and removed from the tenant's storage.
            var altered = (byte[])original.Clone();
            var at = original.AsSpan().IndexOf("weights"u8);
            altered[at] = (byte)'W';
            await archive.UploadAsync(BinaryData.FromBytes(altered), new Azure.Storage.Blobs.Models.BlobUploadOptions { Metadata = metadata });
            var copy = await collector.CopyOutputsAsync(job, CancellationToken.None);
            Assert.Contains("model.txt arrived with sha256", copy.Problem);
            Assert.False((await azurite.Blobs.GetBlobContainerClient(BlobContainers.Tenants).GetBlobClient(BlobLayout.Tenants.JobOutput(job.TenantSlug, job.Id, "model.txt")).ExistsAsync()).Value);

            // An archive without the metadata its commit carries never finished uploading.
            await archive.UploadAsync(BinaryData.FromBytes(original), overwrite: true);
            Assert.Equal(new OutputsCopy(0, "the output archive is incomplete: its upload did not finish."), await collector.CopyOutputsAsync(job, CancellationToken.None));

            // A file dropped from the archive: the count and hash the sidecar committed say so.
            var shorter = await WithoutEntryAsync(original, "model.txt");
            await archive.UploadAsync(BinaryData.FromBytes(shorter), new Azure.Storage.Blobs.Models.BlobUploadOptions { Metadata = metadata });
            Assert.Contains("the output archive differs from what the sidecar uploaded (1 file(s)", (await collector.CopyOutputsAsync(job, CancellationToken.None)).Problem);

            await archive.UploadAsync(BinaryData.FromBytes(original), new Azure.Storage.Blobs.Models.BlobUploadOptions { Metadata = metadata });
            Assert.Equal(new OutputsCopy(2, null), await collector.CopyOutputsAsync(job, CancellationToken.None));
        }
        finally
        {
            work.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task An_api_error_fails_or_requeues_only_its_own_job_with_the_reason()
    {
        await using var harness = await KubernetesBackendHarness.StartAsync(azurite);
        var backend = await harness.BackendAsync(watch: false);

        // A tenant whose namespace is not provisioned yet: the job waits, it is not lost.
        var early = TestJobs.Job(tenant: "tenant-new");
        var waiting = await Assert.ThrowsAsync<JobBackendUnavailableException>(() => backend.LaunchAsync(harness.Launch(early), CancellationToken.None));
        Assert.Equal("The tenant's namespace eucaim-tenant-new does not exist (yet): waiting for the tenant to be provisioned.", waiting.Message);

        // The API server refuses the object: that job fails with the server's words.
        harness.Server.Inject(new FakeKubernetesFault("POST", "/jobs", FaultKind.Status, StatusCode: 422));
        var invalid = await Assert.ThrowsAsync<JobRejectedException>(() => backend.LaunchAsync(harness.Launch(TestJobs.Job()), CancellationToken.None));
        Assert.Equal("Kubernetes refused the job (422): injected 422", invalid.Message);
        harness.Server.Inject(new FakeKubernetesFault("POST", "/secrets", FaultKind.Status, StatusCode: 403));
        var forbidden = await Assert.ThrowsAsync<JobRejectedException>(() => backend.LaunchAsync(harness.Launch(TestJobs.Job()), CancellationToken.None));
        Assert.Equal("Kubernetes refused the job (403): injected 403", forbidden.Message);

        // The next job goes through as if nothing happened.
        var next = TestJobs.Job();
        await backend.LaunchAsync(harness.Launch(next), CancellationToken.None);
        Assert.Equal($"eucaim-tenant-a/{KubernetesJobManifests.JobName(next.Id)}", next.BackendHandle);
    }

    /// <summary>A published version of <paramref name="count"/> small files in 100 series folders, written 64 at a time.</summary>
    private static async Task<Dictionary<string, byte[]>> PublishManyAsync(BlobServiceClient blobs, Guid datasetId, int count)
    {
        var container = blobs.GetBlobContainerClient(BlobContainers.Datasets);
        var files = Enumerable.Range(0, count).ToDictionary(i => $"series-{i % 100:D4}/{i:D4}.bin", i => RandomNumberGenerator.GetBytes(64 + (i % 200)));
        await Parallel.ForEachAsync(files, new ParallelOptions { MaxDegreeOfParallelism = 64 }, async (file, ct) =>
            await container.GetBlobClient(BlobLayout.Datasets.File(datasetId, 1, file.Key)).UploadAsync(BinaryData.FromBytes(file.Value), overwrite: true, ct));
        var manifest = new
        {
            datasetId,
            version = 1,
            files = files.Select(f => new { path = f.Key, sha256 = Convert.ToHexStringLower(SHA256.HashData(f.Value)), size = f.Value.Length }),
        };
        await container.GetBlobClient(BlobLayout.Datasets.Manifest(datasetId, 1)).UploadAsync(BinaryData.FromString(JsonSerializer.Serialize(manifest)), overwrite: true);
        return files;
    }

    /// <summary>A file of pseudo-random bytes (a job's checkpoint does not compress); returns its SHA-256.</summary>
    private static async Task<string> WriteFileAsync(string path, long size, int seed)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var random = new Random(seed);
        var block = new byte[1024 * 1024];
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        await using var file = File.Create(path);
        for (long written = 0; written < size; written += block.Length)
        {
            random.NextBytes(block);
            var take = (int)Math.Min(block.Length, size - written);
            hash.AppendData(block, 0, take);
            await file.WriteAsync(block.AsMemory(0, take));
        }

        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    private static async Task<byte[]> WithoutEntryAsync(byte[] archive, string name)
    {
        using var result = new MemoryStream();
        await using (var reader = new TarReader(new MemoryStream(archive)))
        await using (var writer = new TarWriter(result, TarEntryFormat.Pax, leaveOpen: true))
        {
            while (await reader.GetNextEntryAsync(copyData: true) is { } entry)
            {
                if (entry.Name != name)
                {
                    await writer.WriteEntryAsync(entry);
                }
            }
        }

        return result.ToArray();
    }
}
