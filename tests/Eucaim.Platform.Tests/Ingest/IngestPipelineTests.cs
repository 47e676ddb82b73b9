using System.IO.Compression;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Azure.Storage.Blobs;
using Eucaim.Core.Contracts;
using Eucaim.Dicom.Synthetic;
using Eucaim.Platform.Tests.Catalogue;
using Eucaim.Platform.Tests.Identity;
using Eucaim.Platform.Tests.Storage;

namespace Eucaim.Platform.Tests.Ingest;

/// <summary>Uploads become indexed instances of the draft, a report, and on publish an immutable version with its manifest.</summary>
[Collection(PlatformCollection.Name)]
public sealed class IngestPipelineTests(PlatformFixture fixture)
{
    [Fact]
    public async Task A_zip_with_good_bad_and_foreign_files_ingests_the_good_ones_reports_the_rest_and_publishes_with_a_manifest()
    {
        using var hugo = await fixture.Platform.CreateApiClientForAsync("hugo");
        var dataset = await IngestRequests.CreateDraftAsync(hugo, $"Zip ingest {Guid.NewGuid():N}");
        var seed = Random.Shared.Next(100_000, 1_000_000);
        var series = TestArchives.Series(seed, 6);
        var real = await File.ReadAllBytesAsync("/usr/lib/python3/dist-packages/pydicom/data/test_files/CT_small.dcm");
        var truncated = series[0][..(series[0].Length - 300)];
        var entries = series.Select((s, i) => ($"study/series/{i:D3}.dcm", s))
            .Append(("study/CT_small.dcm", real))
            .Append(("README.txt", Encoding.UTF8.GetBytes("not DICOM")))
            .Append(("broken/truncated.dcm", truncated));
        var zip = TestArchives.Zip(entries);

        var location = await IngestRequests.UploadAsync(hugo, dataset, zip, "cohort.zip", chunkSize: 64 * 1024);
        var upload = await IngestRequests.UploadViewAsync(hugo, location);
        var ingestId = upload.GetProperty("ingestId").GetGuid();

        // While it runs (or has run), the draft cannot be published before the report is final... and then it can.
        var ingest = await IngestRequests.WaitCompletedAsync(hugo, ingestId);
        Assert.Equal("completed", ingest.GetProperty("state").GetString());
        var report = ingest.GetProperty("report");
        var files = report.GetProperty("files");
        Assert.Equal(9, files.GetProperty("total").GetInt32());
        Assert.Equal(7, files.GetProperty("stored").GetInt32());
        Assert.Equal(2, files.GetProperty("rejected").GetInt32());
        var rejected = report.GetProperty("rejectedFiles").EnumerateArray().Select(f => f.GetProperty("name").GetString()!).Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(["cohort.zip/README.txt", "cohort.zip/broken/truncated.dcm"], rejected);
        Assert.True(report.GetProperty("findingsBySeverity").GetProperty("error").GetInt32() >= 2);
        var ctSeries = report.GetProperty("quality").GetProperty("series").EnumerateArray()
            .Single(s => s.GetProperty("seriesInstanceUid").GetString() == SyntheticCtSeries.SeriesInstanceUid(seed));
        Assert.Equal(6, ctSeries.GetProperty("instances").GetInt32());
        Assert.True(ctSeries.GetProperty("complete").GetBoolean());
        var progress = ingest.GetProperty("progress");
        Assert.Equal(9, progress.GetProperty("filesDone").GetInt32());

        // Stored byte for byte, in packs: one blob for the archive's instances, none an instance.
        var blobs = new BlobServiceClient(await fixture.Platform.ConnectionStringAsync("blobs"));
        var datasets = blobs.GetBlobContainerClient("datasets");
        Assert.Equal(series[2], await StoredBlobs.InstanceAsync(fixture.Platform, dataset, 1, SyntheticCtSeries.SopInstanceUid(seed, 2)));
        var stored = await StoredBlobs.ListAsync(blobs, "datasets", $"{dataset}/");
        Assert.All(stored, name => Assert.Matches($"^{dataset}/v1/packs/[0-9a-f]{{32}}\\.pack$", name));
        Assert.InRange(stored.Count, 1, 2);
        Assert.Equal(0, await StoredBlobs.TombstonesAsync(fixture.Platform, $"{dataset}/%"));
        var path = $"{SyntheticCtSeries.StudyInstanceUid(seed)}/{SyntheticCtSeries.SeriesInstanceUid(seed)}/{SyntheticCtSeries.SopInstanceUid(seed, 2)}.dcm";
        Assert.Equal(7, await IngestRequests.ScalarAsync(fixture.Platform, "SELECT count(*) FROM dicom_instances WHERE dataset_id = @d", ("d", dataset)));
        Assert.Equal(2, await IngestRequests.ScalarAsync(fixture.Platform, "SELECT count(*) FROM dicom_studies WHERE dataset_id = @d", ("d", dataset)));

        // Publish: the manifest lists every instance with its SHA-256 and size.
        var (published, _) = await CatalogueApi.ReadAsync(await CatalogueApi.SendAsync(hugo, HttpMethod.Post, $"/api/datasets/{dataset}/publish"), HttpStatusCode.OK);
        try
        {
            Assert.Equal(1, published.GetProperty("version").GetInt32());
            var manifestJson = (await datasets.GetBlobClient($"{dataset}/v1/manifest.json").DownloadContentAsync()).Value.Content.ToArray();
            var manifest = Eucaim.Core.Contracts.DatasetVersionManifest.Parse(manifestJson);
            Assert.Equal(dataset, manifest.DatasetId);
            Assert.Equal(1, manifest.Version);
            Assert.Equal(7, manifest.Files.Count);
            var entry = manifest.Files.Single(f => f.Path == path);
            Assert.Equal(IngestRequests.Sha256(series[2]), entry.Sha256);
            Assert.Equal(series[2].Length, entry.Size);
            Assert.StartsWith("packs/", entry.Pack, StringComparison.Ordinal);
            await using (var inPack = await entry.Bytes.OpenAsync(datasets.GetBlobClient($"{dataset}/v1/{entry.Pack}")))
            using (var copy = new MemoryStream())
            {
                await inPack.CopyToAsync(copy);
                Assert.Equal(series[2], copy.ToArray());
            }

            using (var doc = JsonDocument.Parse(manifestJson))
            {
                Assert.Equal(["datasetId", "version", "files"], doc.RootElement.EnumerateObject().Select(p => p.Name).ToArray());
            }

            // The published version takes nothing more: no draft to upload into.
            var refused = await hugo.SendAsync(IngestRequests.Create(10, IngestRequests.Metadata(("dataset", dataset.ToString()))));
            Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);

            // The upload, its completion, the ingest and the publication are in the audit trail, in that order.
            using var alba = await fixture.Platform.CreateApiClientForAsync("alba");
            var audit = await alba.GetAsync($"/api/audit?dataset={dataset}&limit=50");
            Assert.Equal(HttpStatusCode.OK, audit.StatusCode);
            var actions = JsonDocument.Parse(await audit.Content.ReadAsStringAsync()).RootElement.GetProperty("entries").EnumerateArray()
                .OrderBy(e => e.GetProperty("seq").GetInt64()).Select(e => e.GetProperty("action").GetString()!).ToArray();
            Assert.Equal(["dataset.created", "upload.created", "upload.completed", "ingest.completed", "dataset.published"],
                actions.Where(a => a is "dataset.created" or "upload.created" or "upload.completed" or "ingest.completed" or "dataset.published").ToArray());
        }
        finally
        {
            await CatalogueApi.SendAsync(hugo, HttpMethod.Post, $"/api/datasets/{dataset}/invalidate", new { reason = "test data" });
        }
    }

    [Fact]
    public async Task Publication_waits_for_an_instance_being_indexed_so_the_manifest_lists_every_indexed_instance()
    {
        using var hugo = await fixture.Platform.CreateApiClientForAsync("hugo");
        var dataset = await IngestRequests.CreateDraftAsync(hugo, $"Publish race {Guid.NewGuid():N}");
        var instances = TestArchives.Series(Random.Shared.Next(), 2, size: 16);
        var stow = await hugo.SendAsync(new HttpRequestMessage(HttpMethod.Post, $"/dicomweb/datasets/{dataset}/studies")
        {
            Content = DicomWeb.DicomWebRoundTripTests.Multipart(instances),
        });
        Assert.Equal(HttpStatusCode.OK, stow.StatusCode);

        // Hold the lock an in-flight STOW-RS or ingest worker holds while it indexes an instance into the draft.
        await using var indexing = new Npgsql.NpgsqlConnection(await fixture.Platform.ConnectionStringAsync("eucaim"));
        await indexing.OpenAsync();
        await using var transaction = await indexing.BeginTransactionAsync();
        await using (var share = new Npgsql.NpgsqlCommand(
            "SELECT 1 FROM dataset_versions WHERE dataset_id = @d AND number = 1 AND status = 'draft' FOR SHARE", indexing, transaction))
        {
            share.Parameters.AddWithValue("d", dataset);
            Assert.Equal(1, await share.ExecuteScalarAsync());
        }

        var publishing = CatalogueApi.SendAsync(hugo, HttpMethod.Post, $"/api/datasets/{dataset}/publish");
        var released = false;
        try
        {
            // Not a speed check: publication may not end while the draft is being written to.
            Assert.NotSame(publishing, await Task.WhenAny(publishing, Task.Delay(TimeSpan.FromSeconds(2))));

            // The in-flight writer indexes a third instance and commits: the manifest must list it.
            var late = $"1.2.826.0.1.3680043.10.1399.{Random.Shared.Next(1_000_000, 9_999_999)}";
            await using (var index = new Npgsql.NpgsqlCommand(
                "INSERT INTO dicom_instances (dataset_id, version_number, sop_instance_uid, series_instance_uid, study_instance_uid, path, sha256, size, stored_at) " +
                "VALUES (@d, 1, @uid, @uid, @uid, @path, @sha, 1, now())", indexing, transaction))
            {
                index.Parameters.AddWithValue("d", dataset);
                index.Parameters.AddWithValue("uid", late);
                index.Parameters.AddWithValue("path", $"{late}/{late}/{late}.dcm");
                index.Parameters.AddWithValue("sha", new string('0', 64));
                await index.ExecuteNonQueryAsync();
            }

            await transaction.CommitAsync();
            released = true;
            Assert.Equal(HttpStatusCode.OK, (await publishing).StatusCode);

            var blobs = new BlobServiceClient(await fixture.Platform.ConnectionStringAsync("blobs"));
            var manifest = Eucaim.Core.Contracts.DatasetVersionManifest.Parse(
                (await blobs.GetBlobContainerClient("datasets").GetBlobClient($"{dataset}/v1/manifest.json").DownloadContentAsync()).Value.Content.ToArray());
            Assert.Equal(3, manifest.Files.Count);
            Assert.Equal(3, await IngestRequests.ScalarAsync(fixture.Platform, "SELECT count(*) FROM dicom_instances WHERE dataset_id = @d", ("d", dataset)));
        }
        finally
        {
            if (!released)
            {
                await transaction.RollbackAsync();
            }

            await publishing;
            await CatalogueApi.SendAsync(hugo, HttpMethod.Post, $"/api/datasets/{dataset}/invalidate", new { reason = "test data" });
        }
    }

    [Fact]
    public async Task Publishing_waits_for_an_open_ingest()
    {
        using var hugo = await fixture.Platform.CreateApiClientForAsync("hugo");
        var dataset = await IngestRequests.CreateDraftAsync(hugo, $"Open ingest {Guid.NewGuid():N}");
        var session = await IngestRequests.OpenSessionAsync(hugo, dataset);
        await IngestRequests.UploadAsync(hugo, dataset, TestArchives.Series(Random.Shared.Next(), 1)[0], "a.dcm", session);
        var blocked = await CatalogueApi.SendAsync(hugo, HttpMethod.Post, $"/api/datasets/{dataset}/publish");
        Assert.Equal(HttpStatusCode.Conflict, blocked.StatusCode);
        Assert.Contains(session.ToString(), await blocked.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Accepted, (await hugo.PostAsync($"/api/ingests/{session}/complete", null)).StatusCode);

        // Followed live: server-sent events end with the completed ingest, its progress at 1 of 1.
        using (var events = await hugo.GetAsync($"/api/ingests/{session}/events", HttpCompletionOption.ResponseHeadersRead))
        {
            Assert.Equal("text/event-stream", events.Content.Headers.ContentType?.MediaType);
            var stream = await events.Content.ReadAsStringAsync();
            var last = stream.Split("\n\n", StringSplitOptions.RemoveEmptyEntries)[^1].Split('\n');
            Assert.Equal("event: completed", last[0]);
            var progress = JsonDocument.Parse(last[1]["data: ".Length..]).RootElement.GetProperty("progress");
            Assert.Equal(1, progress.GetProperty("filesTotal").GetInt32());
            Assert.Equal(1, progress.GetProperty("filesDone").GetInt32());
        }

        Assert.Equal("completed", (await IngestRequests.WaitCompletedAsync(hugo, session)).GetProperty("state").GetString());
        await CatalogueApi.ReadAsync(await CatalogueApi.SendAsync(hugo, HttpMethod.Post, $"/api/datasets/{dataset}/publish"), HttpStatusCode.OK);
        await CatalogueApi.SendAsync(hugo, HttpMethod.Post, $"/api/datasets/{dataset}/invalidate", new { reason = "test data" });
    }

    [Theory]
    [InlineData("../outside.dcm")]
    [InlineData("/etc/outside.dcm")]
    [InlineData("a/../../outside.dcm")]
    [InlineData("symlink")]
    [InlineData("bomb")]
    public async Task Unsafe_archives_are_refused_whole_and_nothing_is_written(string kind)
    {
        using var hugo = await fixture.Platform.CreateApiClientForAsync("hugo");
        var dataset = await IngestRequests.CreateDraftAsync(hugo, $"Unsafe {Guid.NewGuid():N}");
        var good = TestArchives.Series(Random.Shared.Next(), 1)[0];
        var zip = kind switch
        {
            "symlink" => TestArchives.WithSymlink("link.dcm", "/etc/passwd", good),
            // 64 MiB of zeros deflate to about 64 KiB: a ratio near 1000:1.
            "bomb" => TestArchives.Zip([("ok.dcm", good), ("zeros.dcm", new byte[64 * 1024 * 1024])], CompressionLevel.SmallestSize),
            _ => TestArchives.Zip([("ok.dcm", good), (kind, good)]),
        };
        var location = await IngestRequests.UploadAsync(hugo, dataset, zip, "unsafe.zip");
        var ingest = await IngestRequests.WaitCompletedAsync(hugo, (await IngestRequests.UploadViewAsync(hugo, location)).GetProperty("ingestId").GetGuid());
        var report = ingest.GetProperty("report");
        Assert.Equal(0, report.GetProperty("files").GetProperty("stored").GetInt32());
        var finding = Assert.Single(report.GetProperty("rejectedFiles")[0].GetProperty("findings").EnumerateArray());
        Assert.Equal("UnsafeArchive", finding.GetProperty("code").GetString());
        Assert.Equal(0, await IngestRequests.ScalarAsync(fixture.Platform, "SELECT count(*) FROM dicom_instances WHERE dataset_id = @d", ("d", dataset)));
        var blobs = new BlobServiceClient(await fixture.Platform.ConnectionStringAsync("blobs"));
        await foreach (var blob in blobs.GetBlobContainerClient("datasets").GetBlobsAsync(Azure.Storage.Blobs.Models.BlobTraits.None, Azure.Storage.Blobs.Models.BlobStates.None, $"{dataset}/", default))
        {
            Assert.Fail($"{blob.Name} was written");
        }
    }

    [Fact]
    public async Task A_different_file_with_a_stored_sop_instance_uid_is_rejected_and_the_stored_one_kept()
    {
        using var hugo = await fixture.Platform.CreateApiClientForAsync("hugo");
        var dataset = await IngestRequests.CreateDraftAsync(hugo, $"Duplicates {Guid.NewGuid():N}");
        var seed = Random.Shared.Next();
        var original = SyntheticCtSeries.CreateFile(seed, 0);
        var impostor = SyntheticCtSeries.CreateFile(seed, 0, edit: d => d.SetString(Eucaim.Dicom.DicomTags.SeriesDescription, Eucaim.Dicom.DicomVR.LO, "changed"));
        var first = await IngestRequests.UploadAsync(hugo, dataset, original, "a.dcm");
        await IngestRequests.WaitCompletedAsync(hugo, (await IngestRequests.UploadViewAsync(hugo, first)).GetProperty("ingestId").GetGuid());
        var second = await IngestRequests.UploadAsync(hugo, dataset, impostor, "b.dcm");
        var report = (await IngestRequests.WaitCompletedAsync(hugo, (await IngestRequests.UploadViewAsync(hugo, second)).GetProperty("ingestId").GetGuid())).GetProperty("report");
        Assert.Equal(1, report.GetProperty("files").GetProperty("rejected").GetInt32());
        Assert.Contains(report.GetProperty("rejectedFiles")[0].GetProperty("findings").EnumerateArray(), f => f.GetProperty("code").GetString() == "DuplicateSopInstanceUid");
        Assert.Equal(original, await StoredBlobs.InstanceAsync(fixture.Platform, dataset, 1, SyntheticCtSeries.SopInstanceUid(seed, 0)));
    }

    [Fact]
    public async Task With_the_deidentify_policy_stored_instances_carry_no_patient_identity()
    {
        using var hugo = await fixture.Platform.CreateApiClientForAsync("hugo");
        var dataset = await IngestRequests.CreateDraftAsync(hugo, $"Deidentify {Guid.NewGuid():N}");
        var policy = await hugo.PutAsJsonAsync($"/api/datasets/{dataset}/ingest-policy", new { mode = "deidentify", retainUids = false, dateShiftRangeDays = (int?)null });
        Assert.Equal(HttpStatusCode.OK, policy.StatusCode);
        var seed = Random.Shared.Next();
        var location = await IngestRequests.UploadAsync(hugo, dataset, SyntheticCtSeries.CreateFile(seed, 0), "p.dcm");
        var report = (await IngestRequests.WaitCompletedAsync(hugo, (await IngestRequests.UploadViewAsync(hugo, location)).GetProperty("ingestId").GetGuid())).GetProperty("report");
        Assert.Equal(1, report.GetProperty("files").GetProperty("stored").GetInt32());
        Assert.Equal(1, await IngestRequests.ScalarAsync(fixture.Platform,
            "SELECT count(*) FROM dicom_patients WHERE dataset_id = @d AND patient_id LIKE 'EUCAIM-%' AND coalesce(patient_name, '') NOT LIKE '%Juan%'", ("d", dataset)));
        Assert.Equal(0, await IngestRequests.ScalarAsync(fixture.Platform,
            "SELECT count(*) FROM dicom_instances WHERE dataset_id = @d AND sop_instance_uid = @s", ("d", dataset), ("s", SyntheticCtSeries.SopInstanceUid(seed, 0))));
    }
}
