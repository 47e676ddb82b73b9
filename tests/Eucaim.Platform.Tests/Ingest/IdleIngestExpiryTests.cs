using System.Net;
using System.Security.Cryptography;
using Eucaim.Core.Contracts;
using Eucaim.Platform.Tests.Identity;
using Eucaim.Platform.Tests.Storage;

namespace Eucaim.Platform.Tests.Ingest;

/// <summary>
/// A session opened, uploaded into and then forgotten does not keep its files in quarantine for
/// ever: after <c>Eucaim:Ingest:OpenIngestExpiry</c> (7 days) with no upload created or completed,
/// the workers remove it, its uploads and their blobs, and say so in the audit trail. Sessions with
/// recent work are left alone.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class IdleIngestExpiryTests(PlatformFixture fixture)
{
    [Fact]
    public async Task A_session_idle_for_the_expiry_is_removed_with_its_blobs_and_active_sessions_are_kept()
    {
        var platform = fixture.Platform;
        using var hugo = await platform.CreateApiClientForAsync("hugo");
        var blobs = await StoredBlobs.ClientAsync(platform);
        var dataset = await IngestRequests.CreateDraftAsync(hugo, $"Idle sessions {Guid.NewGuid():N}");

        var idle = await IngestRequests.OpenSessionAsync(hugo, dataset);
        var idleUpload = Id(await IngestRequests.UploadAsync(hugo, dataset, RandomNumberGenerator.GetBytes(50_000), "forgotten.dcm", idle));
        var recent = await IngestRequests.OpenSessionAsync(hugo, dataset);
        var recentUpload = Id(await IngestRequests.UploadAsync(hugo, dataset, RandomNumberGenerator.GetBytes(50_000), "recent.dcm", recent));
        var receiving = await IngestRequests.OpenSessionAsync(hugo, dataset);
        var receivingLocation = await IngestRequests.CreateAsync(hugo, dataset, 50_000, "slow.dcm", receiving);
        Assert.Equal(HttpStatusCode.NoContent, (await IngestRequests.PatchAsync(hugo, receivingLocation, 0, RandomNumberGenerator.GetBytes(10_000))).StatusCode);
        Assert.Contains(BlobLayout.Quarantine.Upload(dataset, idleUpload), await StoredBlobs.ListAsync(blobs, "quarantine", BlobLayout.Quarantine.DatasetUploadsPrefix(dataset)));

        // Eight days pass for all three sessions; the second got an upload since, the third still
        // receives one (its tus expiry is a day after its last chunk).
        await IngestRequests.ScalarAsync(platform,
            "UPDATE ingest_jobs SET created_at = created_at - interval '8 days' WHERE id = ANY(@ids)", ("ids", new[] { idle, recent, receiving }));
        await IngestRequests.ScalarAsync(platform,
            "UPDATE uploads SET created_at = created_at - interval '8 days', completed_at = completed_at - interval '8 days' WHERE ingest_id = ANY(@ids)",
            ("ids", new[] { idle, receiving }));

        var deadline = DateTime.UtcNow.AddMinutes(2);
        while ((await hugo.GetAsync($"/api/ingests/{idle}")).StatusCode != HttpStatusCode.NotFound)
        {
            Assert.True(DateTime.UtcNow < deadline, "the idle session was not removed within 2 minutes");
            await Task.Delay(500);
        }

        Assert.Equal(0, await IngestRequests.ScalarAsync(platform, "SELECT count(*) FROM uploads WHERE id = @id", ("id", idleUpload)));
        await StoredBlobs.WaitUntilGoneAsync(blobs, "quarantine", BlobLayout.Quarantine.Upload(dataset, idleUpload));
        Assert.Equal("open", (await IngestRequests.IngestAsync(hugo, recent)).GetProperty("state").GetString());
        Assert.Equal("open", (await IngestRequests.IngestAsync(hugo, receiving)).GetProperty("state").GetString());
        Assert.Contains(BlobLayout.Quarantine.Upload(dataset, recentUpload), await StoredBlobs.ListAsync(blobs, "quarantine", BlobLayout.Quarantine.DatasetUploadsPrefix(dataset)));
        Assert.Equal(1, await IngestRequests.ScalarAsync(platform,
            """
            SELECT count(*) FROM audit_entries
            WHERE action = 'ingest.abandoned' AND actor = 'system:ingest-expiry' AND target_id = @id
              AND details->>'uploads' = '1' AND details->>'reason' = 'expired: open with no upload created or completed for 7 days'
            """, ("id", idle.ToString())));

        // Gone for its owner too: completing it later is a 404, not a resurrection.
        Assert.Equal(HttpStatusCode.NotFound, (await hugo.PostAsync($"/api/ingests/{idle}/complete", null)).StatusCode);
    }

    private static Guid Id(string location) => Guid.Parse(location.Split('/')[^1]);
}
