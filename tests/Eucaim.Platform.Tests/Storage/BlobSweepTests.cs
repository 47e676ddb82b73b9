using System.Net;
using Eucaim.Core.Contracts;
using Eucaim.Platform.Tests.Catalogue;
using Eucaim.Platform.Tests.Identity;
using Eucaim.Platform.Tests.Ingest;

namespace Eucaim.Platform.Tests.Storage;

/// <summary>
/// Nothing is left behind in blob storage: a deleted draft, an abandoned ingest and the uploads of
/// a finished one lose every blob (staged blocks included), also when the Workers are killed half-way.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class BlobSweepTests(PlatformFixture fixture)
{
    /// <summary>More than two batches: the draft's instances are in several packs.</summary>
    private const int Instances = 70;

    [Fact]
    public async Task Deleting_a_draft_with_an_ingested_series_leaves_no_blob_of_it()
    {
        var platform = fixture.Platform;
        using var hugo = await platform.CreateApiClientForAsync("hugo");
        var blobs = await StoredBlobs.ClientAsync(platform);
        var (dataset, partial) = await IngestedDraftAsync(hugo);
        var kept = await IngestRequests.CreateDraftAsync(hugo, $"Kept {Guid.NewGuid():N}");
        await IngestRequests.WaitCompletedAsync(hugo, await IngestUploadAsync(hugo, kept, TestArchives.Series(Random.Shared.Next(), 2)[0]));
        Assert.Equal(await PacksAsync(platform, dataset), (await StoredBlobs.ListAsync(blobs, "datasets", BlobLayout.Datasets.DatasetPrefix(dataset))).Count);
        Assert.Contains(BlobLayout.Quarantine.Upload(dataset, partial), await StoredBlobs.ListAsync(blobs, "quarantine", BlobLayout.Quarantine.DatasetUploadsPrefix(dataset)));

        Assert.Equal(HttpStatusCode.NoContent, (await hugo.DeleteAsync($"/api/datasets/{dataset}")).StatusCode);

        Assert.Equal(HttpStatusCode.NotFound, (await hugo.GetAsync($"/api/datasets/{dataset}/draft")).StatusCode);
        await StoredBlobs.WaitUntilDatasetGoneAsync(blobs, dataset);
        // Another dataset's blobs are untouched.
        Assert.Single(await StoredBlobs.ListAsync(blobs, "datasets", BlobLayout.Datasets.DatasetPrefix(kept)));

        // Once a settled pass finds nothing, the tombstones go too.
        Assert.Equal(2, await StoredBlobs.SettleTombstonesAsync(platform, $"%{dataset}/"));
        await StoredBlobs.WaitUntilTombstonesForgottenAsync(platform, $"%{dataset}/");
        Assert.Equal(0, await StoredBlobs.CountOfDatasetAsync(blobs, dataset));
        Assert.Equal(1, await IngestRequests.ScalarAsync(platform,
            "SELECT count(*) FROM audit_entries WHERE action = 'dataset.deleted' AND target_id = @d", ("d", dataset.ToString())));
    }

    [Fact]
    public async Task A_deletion_whose_sweep_the_workers_never_finished_is_finished_when_they_start()
    {
        var platform = fixture.Platform;
        using var hugo = await platform.CreateApiClientForAsync("hugo");
        var blobs = await StoredBlobs.ClientAsync(platform);
        var (dataset, _) = await IngestedDraftAsync(hugo);

        await platform.App.ResourceCommands.ExecuteCommandAsync("workers", KnownResourceCommands.StopCommand);
        try
        {
            Assert.Equal(HttpStatusCode.NoContent, (await hugo.DeleteAsync($"/api/datasets/{dataset}")).StatusCode);

            // The deletion is recorded durably while nothing sweeps; a sweep killed half-way had deleted some blobs.
            Assert.Equal(2, await StoredBlobs.TombstonesAsync(platform, $"%{dataset}/"));
            var stored = await StoredBlobs.ListAsync(blobs, "datasets", BlobLayout.Datasets.DatasetPrefix(dataset));
            Assert.True(stored.Count >= 2, $"{stored.Count} pack(s)");
            foreach (var name in stored.Take(stored.Count / 2))
            {
                await blobs.GetBlobContainerClient("datasets").DeleteBlobAsync(name);
            }
        }
        finally
        {
            await platform.App.ResourceCommands.ExecuteCommandAsync("workers", KnownResourceCommands.StartCommand);
            using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
            await platform.App.ResourceNotifications.WaitForResourceHealthyAsync("workers", timeout.Token);
        }

        await StoredBlobs.WaitUntilDatasetGoneAsync(blobs, dataset);
        await StoredBlobs.SettleTombstonesAsync(platform, $"%{dataset}/");
        await StoredBlobs.WaitUntilTombstonesForgottenAsync(platform, $"%{dataset}/");
    }

    [Fact]
    public async Task An_abandoned_ingest_session_loses_its_uploads_and_their_blobs_and_nothing_else()
    {
        var platform = fixture.Platform;
        using var hugo = await platform.CreateApiClientForAsync("hugo");
        var blobs = await StoredBlobs.ClientAsync(platform);
        var dataset = await IngestRequests.CreateDraftAsync(hugo, $"Abandoned {Guid.NewGuid():N}");
        var series = TestArchives.Series(Random.Shared.Next(), 3);
        var abandoned = await IngestRequests.OpenSessionAsync(hugo, dataset);
        var complete = await IngestRequests.UploadAsync(hugo, dataset, series[0], "a.dcm", abandoned);
        var partial = await IngestRequests.CreateAsync(hugo, dataset, series[1].Length, "b.dcm", abandoned);
        Assert.Equal(HttpStatusCode.NoContent, (await IngestRequests.PatchAsync(hugo, partial, 0, series[1].AsMemory(0, 1000))).StatusCode);
        var other = await IngestRequests.OpenSessionAsync(hugo, dataset);
        var kept = await IngestRequests.UploadAsync(hugo, dataset, series[2], "c.dcm", other);
        string Blob(string location) => BlobLayout.Quarantine.Upload(dataset, Guid.Parse(location.Split('/')[^1]));
        Assert.Single(await StoredBlobs.ListAsync(blobs, "quarantine", Blob(partial)));

        Assert.Equal(HttpStatusCode.NoContent, (await hugo.DeleteAsync($"/api/ingests/{abandoned}")).StatusCode);

        Assert.Equal(HttpStatusCode.NotFound, (await hugo.GetAsync($"/api/ingests/{abandoned}")).StatusCode);
        Assert.Null(await IngestRequests.OffsetAsync(hugo, complete));
        Assert.Null(await IngestRequests.OffsetAsync(hugo, partial));
        await StoredBlobs.WaitUntilGoneAsync(blobs, "quarantine", Blob(complete));
        await StoredBlobs.WaitUntilGoneAsync(blobs, "quarantine", Blob(partial));
        Assert.Single(await StoredBlobs.ListAsync(blobs, "quarantine", Blob(kept)));
        Assert.Equal(HttpStatusCode.NotFound, (await hugo.DeleteAsync($"/api/ingests/{abandoned}")).StatusCode);

        // The other session goes on: ingested, its upload leaves quarantine, the draft has its instance.
        Assert.Equal(HttpStatusCode.Accepted, (await hugo.PostAsync($"/api/ingests/{other}/complete", null)).StatusCode);
        Assert.Equal("completed", (await IngestRequests.WaitCompletedAsync(hugo, other)).GetProperty("state").GetString());
        await StoredBlobs.WaitUntilGoneAsync(blobs, "quarantine", BlobLayout.Quarantine.DatasetUploadsPrefix(dataset));
        Assert.Single(await StoredBlobs.ListAsync(blobs, "datasets", BlobLayout.Datasets.DatasetPrefix(dataset)));

        // A completed ingest is not abandoned: its instances are in the draft.
        var refused = await hugo.DeleteAsync($"/api/ingests/{other}");
        var (body, _) = await CatalogueApi.ReadAsync(refused, HttpStatusCode.Conflict);
        Assert.Equal("ingest-completed", body.GetProperty("rule").GetString());
        Assert.False(string.IsNullOrEmpty(body.GetProperty("type").GetString()));

        // Another organization's data holder cannot see it to delete it.
        using var clara = await platform.CreateApiClientForAsync("clara");
        var session = await IngestRequests.OpenSessionAsync(hugo, dataset);
        Assert.Equal(HttpStatusCode.NotFound, (await clara.DeleteAsync($"/api/ingests/{session}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await hugo.GetAsync($"/api/ingests/{session}")).StatusCode);
    }

    [Fact]
    public async Task An_expired_upload_and_a_failed_checksum_leave_no_staged_or_committed_bytes()
    {
        var platform = fixture.Platform;
        using var hugo = await platform.CreateApiClientForAsync("hugo");
        var blobs = await StoredBlobs.ClientAsync(platform);
        var dataset = await IngestRequests.CreateDraftAsync(hugo, $"Spent {Guid.NewGuid():N}");
        var source = TestArchives.Series(Random.Shared.Next(), 1)[0];

        var expiring = await IngestRequests.CreateAsync(hugo, dataset, source.Length, "e.dcm");
        Assert.Equal(HttpStatusCode.NoContent, (await IngestRequests.PatchAsync(hugo, expiring, 0, source.AsMemory(0, 1000))).StatusCode);
        var expiringBlob = BlobLayout.Quarantine.Upload(dataset, Guid.Parse(expiring.Split('/')[^1]));
        Assert.Single(await StoredBlobs.ListAsync(blobs, "quarantine", expiringBlob));
        await IngestRequests.ScalarAsync(platform, "UPDATE uploads SET expires_at = now() - interval '1 minute' WHERE id = @id", ("id", Guid.Parse(expiring.Split('/')[^1])));

        var mismatched = await IngestRequests.CreateAsync(hugo, dataset, source.Length, "m.dcm", sha256: new string('0', 64));
        Assert.Equal(460, (int)(await IngestRequests.PatchAsync(hugo, mismatched, 0, source)).StatusCode);
        Assert.Equal("checksumMismatch", (await IngestRequests.UploadViewAsync(hugo, mismatched)).GetProperty("state").GetString());

        await StoredBlobs.WaitUntilGoneAsync(blobs, "quarantine", BlobLayout.Quarantine.DatasetUploadsPrefix(dataset));
    }

    /// <summary>A draft holding a synthetic CT series ingested from one zip, and a second upload still receiving (staged blocks only).</summary>
    private static async Task<(Guid Dataset, Guid PartialUpload)> IngestedDraftAsync(HttpClient hugo)
    {
        var dataset = await IngestRequests.CreateDraftAsync(hugo, $"Swept {Guid.NewGuid():N}");
        var series = TestArchives.Series(Random.Shared.Next(1_000_000, 2_000_000), Instances, size: 64);
        var ingest = await IngestUploadAsync(hugo, dataset, TestArchives.Zip(series.Select((s, i) => ($"ct/{i:D4}.dcm", s))), "series.zip");
        var report = await IngestRequests.WaitCompletedAsync(hugo, ingest);
        Assert.Equal(Instances, report.GetProperty("report").GetProperty("files").GetProperty("stored").GetInt32());

        var session = await IngestRequests.OpenSessionAsync(hugo, dataset);
        var partial = await IngestRequests.CreateAsync(hugo, dataset, series[0].Length, "partial.dcm", session);
        Assert.Equal(HttpStatusCode.NoContent, (await IngestRequests.PatchAsync(hugo, partial, 0, series[0].AsMemory(0, 1000))).StatusCode);
        return (dataset, Guid.Parse(partial.Split('/')[^1]));
    }

    private static async Task<long> PacksAsync(PlatformRun platform, Guid dataset) =>
        await IngestRequests.ScalarAsync(platform, "SELECT count(DISTINCT pack) FROM dicom_instances WHERE dataset_id = @d", ("d", dataset));

    /// <summary>One file as a single-upload ingest; returns the ingest.</summary>
    private static async Task<Guid> IngestUploadAsync(HttpClient hugo, Guid dataset, byte[] content, string fileName = "one.dcm")
    {
        var location = await IngestRequests.UploadAsync(hugo, dataset, content, fileName);
        return (await IngestRequests.UploadViewAsync(hugo, location)).GetProperty("ingestId").GetGuid();
    }
}
