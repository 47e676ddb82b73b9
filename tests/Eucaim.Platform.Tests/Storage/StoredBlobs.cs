using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Eucaim.Core.Contracts;
using Npgsql;

namespace Eucaim.Platform.Tests.Storage;

/// <summary>What the platform's Azurite holds, listed as an operator would, and the sweeper's tombstones.</summary>
internal static class StoredBlobs
{
    public static async Task<BlobServiceClient> ClientAsync(PlatformRun platform) =>
        new(await platform.ConnectionStringAsync("blobs"));

    /// <summary>The names under <paramref name="prefix"/>, blobs with only staged (uncommitted) blocks included: those hold uploaded bytes too.</summary>
    public static async Task<List<string>> ListAsync(BlobServiceClient blobs, string container, string prefix)
    {
        var names = new List<string>();
        await foreach (var blob in blobs.GetBlobContainerClient(container).GetBlobsAsync(new GetBlobsOptions { Prefix = prefix, States = BlobStates.Uncommitted }))
        {
            names.Add(blob.Name);
        }

        return names;
    }

    /// <summary>Polls until nothing is left under <paramref name="prefix"/>; fails naming what is still there.</summary>
    public static async Task WaitUntilGoneAsync(BlobServiceClient blobs, string container, string prefix, TimeSpan? patience = null)
    {
        var deadline = DateTime.UtcNow + (patience ?? TimeSpan.FromMinutes(3));
        while (true)
        {
            var left = await ListAsync(blobs, container, prefix);
            if (left.Count == 0)
            {
                return;
            }

            Assert.True(DateTime.UtcNow < deadline, $"{left.Count} blob(s) still under {container}/{prefix}, e.g. {left[0]}");
            await Task.Delay(250);
        }
    }

    /// <summary>Every blob a dataset ever had: its versions, and its uploads in quarantine.</summary>
    public static async Task<int> CountOfDatasetAsync(BlobServiceClient blobs, Guid dataset) =>
        (await ListAsync(blobs, "datasets", BlobLayout.Datasets.DatasetPrefix(dataset))).Count
        + (await ListAsync(blobs, "quarantine", BlobLayout.Quarantine.DatasetUploadsPrefix(dataset))).Count;

    public static async Task WaitUntilDatasetGoneAsync(BlobServiceClient blobs, Guid dataset)
    {
        await WaitUntilGoneAsync(blobs, "datasets", BlobLayout.Datasets.DatasetPrefix(dataset));
        await WaitUntilGoneAsync(blobs, "quarantine", BlobLayout.Quarantine.DatasetUploadsPrefix(dataset));
    }

    /// <summary>
    /// Moves the tombstones under <paramref name="like"/> (a SQL LIKE pattern on the prefix) past the
    /// settle time and wakes the sweeper, as if their settle time had passed; returns how many there were.
    /// </summary>
    public static async Task<long> SettleTombstonesAsync(PlatformRun platform, string like)
    {
        await using var db = new NpgsqlConnection(await platform.ConnectionStringAsync("eucaim"));
        await db.OpenAsync();
        await using var settle = new NpgsqlCommand(
            "UPDATE blob_sweeps SET recorded_at = recorded_at - interval '1 day', due_at = now() - interval '1 day' WHERE prefix LIKE @p", db);
        settle.Parameters.AddWithValue("p", like);
        var moved = await settle.ExecuteNonQueryAsync();
        await using var wake = new NpgsqlCommand($"SELECT pg_notify('{NotificationChannels.BlobSweepRecorded}', 'test')", db);
        await wake.ExecuteNonQueryAsync();
        return moved;
    }

    public static Task<long> TombstonesAsync(PlatformRun platform, string like) =>
        Ingest.IngestRequests.ScalarAsync(platform, "SELECT count(*) FROM blob_sweeps WHERE prefix LIKE @p", ("p", like));

    public static async Task WaitUntilTombstonesForgottenAsync(PlatformRun platform, string like)
    {
        var deadline = DateTime.UtcNow.AddMinutes(3);
        long left;
        while ((left = await TombstonesAsync(platform, like)) > 0)
        {
            Assert.True(DateTime.UtcNow < deadline, $"{left} tombstone(s) for '{like}' are still recorded");
            await Task.Delay(250);
        }
    }
}
