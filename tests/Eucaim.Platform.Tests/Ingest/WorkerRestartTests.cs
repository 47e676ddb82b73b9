using Eucaim.Dicom.Synthetic;
using Eucaim.Platform.Tests.Storage;
using Npgsql;

namespace Eucaim.Platform.Tests.Ingest;

/// <summary>
/// The ingest survives its worker being stopped mid-way. To make the stop land mid-ingest every
/// time, the test watches progress until some files are done, then holds a lock on the draft
/// version's row that every file's index transaction needs (its pack is already written by
/// then), so the worker is caught between storing a batch and indexing it when it is stopped.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class WorkerRestartTests(PlatformFixture fixture)
{
    [Fact]
    public async Task A_worker_stopped_mid_ingest_and_restarted_indexes_every_instance_exactly_once_and_reports_all()
    {
        var platform = fixture.Platform;
        using var hugo = await platform.CreateApiClientForAsync("hugo");
        var dataset = await IngestRequests.CreateDraftAsync(hugo, $"Restart {Guid.NewGuid():N}");
        var seed = Random.Shared.Next(1_000_000, 2_000_000);
        // Enough batches (of 32) that most are still to be stored when the test has seen the first ones done.
        var series = TestArchives.Series(seed, 1040, size: 64);
        var session = await IngestRequests.OpenSessionAsync(hugo, dataset);
        // A multi-file upload: most of the series as one zip, the rest as single files of the same session.
        await IngestRequests.UploadAsync(hugo, dataset, TestArchives.Zip(series.Take(1000).Select((s, i) => ($"ct/{i:D4}.dcm", s))), "series.zip", session);
        for (var i = 1000; i < series.Count; i++)
        {
            await IngestRequests.UploadAsync(hugo, dataset, series[i], $"single-{i}.dcm", session);
        }

        await using var holder = new NpgsqlConnection(await platform.ConnectionStringAsync("eucaim"));
        await holder.OpenAsync();
        Assert.Equal(System.Net.HttpStatusCode.Accepted, (await hugo.PostAsync($"/api/ingests/{session}/complete", null)).StatusCode);

        int done;
        var deadline = DateTime.UtcNow.AddMinutes(2);
        while ((done = await FilesDoneAsync(platform, session)) < 15)
        {
            Assert.True(DateTime.UtcNow < deadline, "the ingest did not start");
            await Task.Delay(20);
        }

        await using (var transaction = await holder.BeginTransactionAsync())
        {
            await using (var lockVersion = new NpgsqlCommand("SELECT 1 FROM dataset_versions WHERE dataset_id = @d AND number = 1 FOR UPDATE", holder, transaction))
            {
                lockVersion.Parameters.AddWithValue("d", dataset);
                await lockVersion.ExecuteScalarAsync();
            }

            // Let the worker run into the lock with files stored but not indexed.
            await Task.Delay(1000);
            done = await FilesDoneAsync(platform, session);
            Assert.True(done < series.Count, $"the ingest finished ({done} files) before the worker could be stopped");
            await platform.App.ResourceCommands.ExecuteCommandAsync("workers", KnownResourceCommands.StopCommand);
            await transaction.RollbackAsync();
        }

        Assert.Equal(done, await FilesDoneAsync(platform, session));
        await platform.App.ResourceCommands.ExecuteCommandAsync("workers", KnownResourceCommands.StartCommand);
        using (var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3)))
        {
            await platform.App.ResourceNotifications.WaitForResourceHealthyAsync("workers", timeout.Token);
        }

        var ingest = await IngestRequests.WaitCompletedAsync(hugo, session, TimeSpan.FromMinutes(4));
        Assert.Equal("completed", ingest.GetProperty("state").GetString());
        var files = ingest.GetProperty("report").GetProperty("files");
        Assert.Equal(series.Count, files.GetProperty("total").GetInt32());
        Assert.Equal(series.Count, files.GetProperty("stored").GetInt32());
        Assert.Equal(0, files.GetProperty("rejected").GetInt32());
        Assert.Equal(0, files.GetProperty("duplicates").GetInt32());
        Assert.True(await IngestRequests.ScalarAsync(platform, "SELECT attempts FROM ingest_jobs WHERE id = @j", ("j", session)) >= 2);

        Assert.Equal(series.Count, await IngestRequests.ScalarAsync(platform, "SELECT count(*) FROM dicom_instances WHERE dataset_id = @d", ("d", dataset)));
        Assert.Equal(series.Count, await IngestRequests.ScalarAsync(platform, "SELECT count(DISTINCT sop_instance_uid) FROM dicom_instances WHERE dataset_id = @d", ("d", dataset)));
        for (var i = 0; i < series.Count; i += 37)
        {
            Assert.Equal(1, await IngestRequests.ScalarAsync(platform, "SELECT count(*) FROM dicom_instances WHERE dataset_id = @d AND sop_instance_uid = @s",
                ("d", dataset), ("s", SyntheticCtSeries.SopInstanceUid(seed, i))));
        }

        var quality = ingest.GetProperty("report").GetProperty("quality").GetProperty("series")[0];
        Assert.Equal(series.Count, quality.GetProperty("instances").GetInt32());
        Assert.True(quality.GetProperty("complete").GetBoolean());

        // The packs the stopped worker wrote and never indexed are each under a tombstone; once those fall due the
        // sweeper deletes exactly them, and what is left is what the index points to, every instance intact.
        var blobs = await StoredBlobs.ClientAsync(platform);
        var indexed = await StoredBlobs.IndexedPacksAsync(platform, dataset);
        var orphans = (await StoredBlobs.ListAsync(blobs, "datasets", $"{dataset}/")).Except(indexed).ToList();
        var pending = await StoredBlobs.TombstonePrefixesAsync(platform, $"{dataset}/v1/packs/%");
        Assert.NotEmpty(orphans);
        Assert.All(orphans, orphan => Assert.Contains(orphan, pending));
        Assert.Empty(pending.Intersect(indexed));
        await StoredBlobs.SettleTombstonesAsync(platform, $"{dataset}/v1/packs/%");
        await StoredBlobs.WaitUntilTombstonesForgottenAsync(platform, $"{dataset}/v1/packs/%");
        Assert.Equal(indexed.Order(), (await StoredBlobs.ListAsync(blobs, "datasets", $"{dataset}/")).Order());
        for (var i = 0; i < series.Count; i += 37)
        {
            Assert.Equal(series[i], await StoredBlobs.InstanceAsync(platform, dataset, 1, SyntheticCtSeries.SopInstanceUid(seed, i)));
        }
    }

    private static async Task<int> FilesDoneAsync(PlatformRun platform, Guid ingest) =>
        (int)await IngestRequests.ScalarAsync(platform, "SELECT count(*) FROM ingest_files WHERE job_id = @j AND state <> 'Pending'", ("j", ingest));
}
