using Azure.Storage.Blobs;
using Npgsql;

namespace Eucaim.Platform.Tests;

/// <summary>Local state outlives the AppHost: stopping and starting again keeps every row and blob.</summary>
public sealed class RestartTests
{
    [Fact]
    public async Task Data_written_before_a_stop_is_there_after_the_next_start()
    {
        var state = Path.Combine(Path.GetTempPath(), $"eucaim-restart-{Guid.NewGuid():N}");
        var subject = $"{Guid.NewGuid():N}@lifescience-ri.eu";
        var blobName = $"restart-test/{Guid.NewGuid():N}.txt";
        try
        {
            await using (var first = await PlatformRun.StartAsync(state))
            {
                await using var db = new NpgsqlConnection(await first.ConnectionStringAsync("eucaim"));
                await db.OpenAsync();
                await using var insert = new NpgsqlCommand(
                    "INSERT INTO users (subject, issuer, first_seen_at, last_seen_at) VALUES (@s, 'https://test.invalid', now(), now())", db);
                insert.Parameters.AddWithValue("s", subject);
                await insert.ExecuteNonQueryAsync();

                var blobs = new BlobServiceClient(await first.ConnectionStringAsync("blobs"));
                await blobs.GetBlobContainerClient("system").GetBlobClient(blobName).UploadAsync(BinaryData.FromString(subject));
            }

            await using var second = await PlatformRun.StartAsync(state);
            await using (var db = new NpgsqlConnection(await second.ConnectionStringAsync("eucaim")))
            {
                await db.OpenAsync();
                await using var select = new NpgsqlCommand("SELECT count(*) FROM users WHERE subject = @s", db);
                select.Parameters.AddWithValue("s", subject);
                Assert.Equal(1L, await select.ExecuteScalarAsync());
            }

            var reopened = new BlobServiceClient(await second.ConnectionStringAsync("blobs"));
            var content = await reopened.GetBlobContainerClient("system").GetBlobClient(blobName).DownloadContentAsync();
            Assert.Equal(subject, content.Value.Content.ToString());
        }
        finally
        {
            PlatformRun.DeleteState(state);
        }
    }
}
