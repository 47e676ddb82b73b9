using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Eucaim.Core.Contracts;
using Eucaim.Core.Storage;
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

    /// <summary>The bytes the platform keeps for an instance, read where the index says they are (its range of a pack).</summary>
    public static async Task<byte[]> InstanceAsync(PlatformRun platform, Guid dataset, int version, string sopInstanceUid)
    {
        await using var db = new NpgsqlConnection(await platform.ConnectionStringAsync("eucaim"));
        await db.OpenAsync();
        await using var query = new NpgsqlCommand(
            "SELECT path, pack, pack_offset, size, deflated_size FROM dicom_instances WHERE dataset_id = @d AND version_number = @v AND sop_instance_uid = @s", db);
        query.Parameters.AddWithValue("d", dataset);
        query.Parameters.AddWithValue("v", version);
        query.Parameters.AddWithValue("s", sopInstanceUid);
        await using var row = await query.ExecuteReaderAsync();
        Assert.True(await row.ReadAsync(), $"SOP Instance UID {sopInstanceUid} is not indexed in dataset {dataset} v{version}");
        var bytes = new InstanceBytes(row.GetString(0), row.IsDBNull(1) ? null : row.GetString(1), row.IsDBNull(2) ? null : row.GetInt64(2), row.GetInt64(3),
            row.IsDBNull(4) ? null : row.GetInt64(4));
        var blob = (await ClientAsync(platform)).GetBlobContainerClient("datasets").GetBlobClient(BlobLayout.Datasets.File(dataset, version, bytes.Blob));
        await using var content = await bytes.OpenAsync(blob);
        using var copy = new MemoryStream();
        await content.CopyToAsync(copy);
        return copy.ToArray();
    }

    /// <summary>The packs the index of <paramref name="dataset"/> points to, as blob names in the <c>datasets</c> container.</summary>
    public static Task<List<string>> IndexedPacksAsync(PlatformRun platform, Guid dataset) =>
        TextsAsync(platform, "SELECT DISTINCT d.version_number || '/' || d.pack FROM dicom_instances d WHERE d.dataset_id = @p AND d.pack IS NOT NULL",
            ("p", dataset), text => $"{dataset}/v{text}");

    /// <summary>The prefixes of the tombstones under <paramref name="like"/> (a SQL LIKE pattern).</summary>
    public static Task<List<string>> TombstonePrefixesAsync(PlatformRun platform, string like) =>
        TextsAsync(platform, "SELECT prefix FROM blob_sweeps WHERE prefix LIKE @p", ("p", like), text => text);

    private static async Task<List<string>> TextsAsync(PlatformRun platform, string sql, (string Name, object Value) parameter, Func<string, string> map)
    {
        await using var db = new NpgsqlConnection(await platform.ConnectionStringAsync("eucaim"));
        await db.OpenAsync();
        await using var query = new NpgsqlCommand(sql, db);
        query.Parameters.AddWithValue(parameter.Name, parameter.Value);
        await using var rows = await query.ExecuteReaderAsync();
        var texts = new List<string>();
        while (await rows.ReadAsync())
        {
            texts.Add(map(rows.GetString(0)));
        }

        return texts;
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
