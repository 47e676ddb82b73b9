using System.Net;
using System.Security.Cryptography;
using Azure.Storage.Blobs;

namespace Eucaim.Platform.Tests.Ingest;

/// <summary>tus uploads through the API into the quarantine container, interrupted and resumed as real clients do.</summary>
[Collection(PlatformCollection.Name)]
public sealed class ResumableUploadTests(PlatformFixture fixture)
{
    [Fact]
    public async Task An_upload_cut_at_several_offsets_and_resumed_stores_exactly_the_source_bytes()
    {
        using var hugo = await fixture.Platform.CreateApiClientForAsync("hugo");
        var dataset = await IngestRequests.CreateDraftAsync(hugo, $"Resume {Guid.NewGuid():N}");
        // A session that is never completed: the upload stays in quarantine to be compared byte for byte.
        var session = await IngestRequests.OpenSessionAsync(hugo, dataset);
        var source = RandomNumberGenerator.GetBytes(3 * 1024 * 1024 + 12345);
        var location = await IngestRequests.CreateAsync(hugo, dataset, source.Length, "random.bin", session, IngestRequests.Sha256(source));

        // Cuts inside the first byte, mid-block, right after a block boundary of the client's chunking, and near the end.
        foreach (var cut in new[] { 1, 100_003, 1_048_576, 2_500_001, source.Length - 7 })
        {
            var offset = (await IngestRequests.OffsetAsync(hugo, location))!.Value;
            Assert.True(offset < cut, $"offset {offset} is already past the next cut {cut}");
            await Assert.ThrowsAnyAsync<Exception>(() => hugo.SendAsync(IngestRequests.Patch(location, offset,
                new InterruptedContent(source, (int)offset, source.Length - (int)offset, cut - (int)offset))));
            await WaitForOffsetToSettleAsync(hugo, location);
            // What arrived before the connection dropped is kept: the client resumes from the cut, not from the start.
            Assert.Equal(cut, await IngestRequests.OffsetAsync(hugo, location));
        }

        await IngestRequests.ResumeAsync(hugo, location, source, chunkSize: 700_000);

        var view = await IngestRequests.UploadViewAsync(hugo, location);
        Assert.Equal("complete", view.GetProperty("state").GetString());
        Assert.Equal(IngestRequests.Sha256(source), view.GetProperty("sha256").GetString());
        var blobs = new BlobServiceClient(await fixture.Platform.ConnectionStringAsync("blobs"));
        var stored = await blobs.GetBlobContainerClient("quarantine").GetBlobClient($"uploads/{dataset}/{view.GetProperty("id").GetGuid()}").DownloadContentAsync();
        Assert.Equal(source.Length, stored.Value.Content.ToMemory().Length);
        Assert.Equal(IngestRequests.Sha256(source), IngestRequests.Sha256(stored.Value.Content.ToMemory().Span));
    }

    [Fact]
    public async Task A_chunk_cut_short_under_a_checksum_is_discarded_and_the_offset_does_not_move()
    {
        using var hugo = await fixture.Platform.CreateApiClientForAsync("hugo");
        var dataset = await IngestRequests.CreateDraftAsync(hugo, $"Checksum {Guid.NewGuid():N}");
        var session = await IngestRequests.OpenSessionAsync(hugo, dataset);
        var source = RandomNumberGenerator.GetBytes(200_000);
        var location = await IngestRequests.CreateAsync(hugo, dataset, source.Length, "c.bin", session);
        var first = source.AsMemory(0, 50_000);
        var sha1 = $"sha1 {Convert.ToBase64String(SHA1.HashData(first.Span))}";

        // A wrong checksum: 460, offset unchanged.
        var wrong = await IngestRequests.PatchAsync(hugo, location, 0, first, $"sha1 {Convert.ToBase64String(SHA1.HashData(source.AsSpan(1, 10)))}");
        Assert.Equal(460, (int)wrong.StatusCode);
        Assert.Equal("application/problem+json", wrong.Content.Headers.ContentType?.MediaType);
        Assert.Equal(0, await IngestRequests.OffsetAsync(hugo, location));

        // Cut mid-way under a checksum: nothing kept.
        var request = IngestRequests.Patch(location, 0, new InterruptedContent(source, 0, 50_000, 20_000), sha1);
        await Assert.ThrowsAnyAsync<Exception>(() => hugo.SendAsync(request));
        await WaitForOffsetToSettleAsync(hugo, location);
        Assert.Equal(0, await IngestRequests.OffsetAsync(hugo, location));

        // The right checksum: accepted.
        var right = await IngestRequests.PatchAsync(hugo, location, 0, first, sha1);
        Assert.Equal(HttpStatusCode.NoContent, right.StatusCode);
        Assert.Equal(50_000, await IngestRequests.OffsetAsync(hugo, location));
        var sha256 = $"sha256 {Convert.ToBase64String(SHA256.HashData(source.AsSpan(50_000)))}";
        Assert.Equal(HttpStatusCode.NoContent, (await IngestRequests.PatchAsync(hugo, location, 50_000, source.AsMemory(50_000), sha256)).StatusCode);
        Assert.Equal(IngestRequests.Sha256(source), (await IngestRequests.UploadViewAsync(hugo, location)).GetProperty("sha256").GetString());
    }

    [Fact]
    public async Task Wrong_offsets_oversized_chunks_and_unknown_uploads_are_refused_with_tus_statuses()
    {
        using var hugo = await fixture.Platform.CreateApiClientForAsync("hugo");
        var dataset = await IngestRequests.CreateDraftAsync(hugo, $"Statuses {Guid.NewGuid():N}");
        var session = await IngestRequests.OpenSessionAsync(hugo, dataset);
        var source = RandomNumberGenerator.GetBytes(10_000);
        var location = await IngestRequests.CreateAsync(hugo, dataset, source.Length, "s.bin", session);

        var wrongOffset = await IngestRequests.PatchAsync(hugo, location, 5, source.AsMemory(5, 100));
        Assert.Equal(HttpStatusCode.Conflict, wrongOffset.StatusCode);
        Assert.Equal("1.0.0", wrongOffset.Headers.GetValues("Tus-Resumable").Single());

        // Longer than what remains: 413 from the headers alone, the offset stays.
        var tooLong = await IngestRequests.PatchAsync(hugo, location, 0, RandomNumberGenerator.GetBytes(10_001));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, tooLong.StatusCode);
        Assert.Equal(0, await IngestRequests.OffsetAsync(hugo, location));

        // Over Tus-Max-Size at creation: 413 before anything exists.
        var options = await hugo.SendAsync(new HttpRequestMessage(HttpMethod.Options, "/api/uploads"));
        Assert.Equal(HttpStatusCode.NoContent, options.StatusCode);
        Assert.Contains("checksum", options.Headers.GetValues("Tus-Extension").Single());
        var max = long.Parse(options.Headers.GetValues("Tus-Max-Size").Single(), System.Globalization.CultureInfo.InvariantCulture);
        var huge = await hugo.SendAsync(IngestRequests.Create(max + 1, IngestRequests.Metadata(("dataset", dataset.ToString()))));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, huge.StatusCode);

        Assert.Equal(HttpStatusCode.NotFound, (await IngestRequests.PatchAsync(hugo, $"/api/uploads/{Guid.NewGuid()}", 0, source)).StatusCode);
        Assert.Null(await IngestRequests.OffsetAsync(hugo, $"/api/uploads/{Guid.NewGuid()}"));

        // Another organization's data holder: the upload does not exist for her.
        using var clara = await fixture.Platform.CreateApiClientForAsync("clara");
        Assert.Null(await IngestRequests.OffsetAsync(clara, location));
        Assert.Equal(HttpStatusCode.NotFound, (await IngestRequests.PatchAsync(clara, location, 0, source)).StatusCode);

        // Termination.
        using var delete = new HttpRequestMessage(HttpMethod.Delete, location);
        delete.Headers.Add("Tus-Resumable", "1.0.0");
        Assert.Equal(HttpStatusCode.NoContent, (await hugo.SendAsync(delete)).StatusCode);
        Assert.Null(await IngestRequests.OffsetAsync(hugo, location));
    }

    [Fact]
    public async Task A_declared_sha256_that_does_not_match_fails_the_upload()
    {
        using var hugo = await fixture.Platform.CreateApiClientForAsync("hugo");
        var dataset = await IngestRequests.CreateDraftAsync(hugo, $"Sha {Guid.NewGuid():N}");
        var source = RandomNumberGenerator.GetBytes(5_000);
        var location = await IngestRequests.CreateAsync(hugo, dataset, source.Length, "x.dcm", sha256: new string('0', 64));
        var response = await IngestRequests.PatchAsync(hugo, location, 0, source);
        Assert.Equal(460, (int)response.StatusCode);
        var view = await IngestRequests.UploadViewAsync(hugo, location);
        Assert.Equal("checksumMismatch", view.GetProperty("state").GetString());
        var ingest = await IngestRequests.IngestAsync(hugo, view.GetProperty("ingestId").GetGuid());
        Assert.Equal("failed", ingest.GetProperty("state").GetString());
    }

    [Fact]
    public async Task Concurrent_creations_with_one_idempotency_key_make_exactly_one_upload()
    {
        using var hugo = await fixture.Platform.CreateApiClientForAsync("hugo");
        var dataset = await IngestRequests.CreateDraftAsync(hugo, $"Idempotent {Guid.NewGuid():N}");
        var key = Guid.NewGuid().ToString();
        var metadata = IngestRequests.Metadata(("dataset", dataset.ToString()), ("filename", "one.dcm"));
        var responses = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => hugo.SendAsync(IngestRequests.Create(1234, metadata, key))));
        Assert.All(responses, r => Assert.Equal(HttpStatusCode.Created, r.StatusCode));
        Assert.Single(responses.Select(r => r.Headers.Location!.ToString()).Distinct());
        Assert.Equal(1, await IngestRequests.ScalarAsync(fixture.Platform, "SELECT count(*) FROM uploads WHERE idempotency_key = @k", ("k", key)));
        Assert.Equal(1, await IngestRequests.ScalarAsync(fixture.Platform, "SELECT count(*) FROM ingest_jobs WHERE dataset_id = @d", ("d", dataset)));

        var different = await hugo.SendAsync(IngestRequests.Create(999, metadata, key));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, different.StatusCode);
    }

    [Fact]
    public async Task An_expired_upload_is_gone_and_its_blocks_are_cleaned_up()
    {
        using var hugo = await fixture.Platform.CreateApiClientForAsync("hugo");
        var dataset = await IngestRequests.CreateDraftAsync(hugo, $"Expiry {Guid.NewGuid():N}");
        var source = RandomNumberGenerator.GetBytes(100_000);
        var location = await IngestRequests.CreateAsync(hugo, dataset, source.Length, "e.dcm");
        Assert.Equal(HttpStatusCode.NoContent, (await IngestRequests.PatchAsync(hugo, location, 0, source.AsMemory(0, 40_000))).StatusCode);
        var response = await hugo.SendAsync(new HttpRequestMessage(HttpMethod.Head, location) { Headers = { { "Tus-Resumable", "1.0.0" } } });
        Assert.True(response.Headers.Contains("Upload-Expires"));
        var id = Guid.Parse(location.Split('/')[^1]);

        await IngestRequests.ScalarAsync(fixture.Platform, "UPDATE uploads SET expires_at = now() - interval '1 minute' WHERE id = @id", ("id", id));
        Assert.Null(await IngestRequests.OffsetAsync(hugo, location));
        Assert.Equal(HttpStatusCode.NotFound, (await IngestRequests.PatchAsync(hugo, location, 40_000, source.AsMemory(40_000))).StatusCode);

        var deadline = DateTime.UtcNow.AddMinutes(2);
        while (await IngestRequests.ScalarAsync(fixture.Platform, "SELECT count(*) FROM uploads WHERE id = @id", ("id", id)) > 0)
        {
            Assert.True(DateTime.UtcNow < deadline, "the expired upload was not swept within 2 minutes");
            await Task.Delay(500);
        }

        var blobs = new BlobServiceClient(await fixture.Platform.ConnectionStringAsync("blobs"));
        Assert.False(await blobs.GetBlobContainerClient("quarantine").GetBlobClient($"uploads/{dataset}/{id}").ExistsAsync());
        Assert.Equal(0, await IngestRequests.ScalarAsync(fixture.Platform, "SELECT count(*) FROM ingest_jobs WHERE dataset_id = @d", ("d", dataset)));
    }

    /// <summary>The server records what an interrupted PATCH delivered after the connection dropped: wait until HEAD stops moving.</summary>
    private static async Task WaitForOffsetToSettleAsync(HttpClient client, string location)
    {
        long? previous = null;
        for (var i = 0; i < 40; i++)
        {
            await Task.Delay(250);
            var offset = await IngestRequests.OffsetAsync(client, location);
            // The advisory lock is free again once the interrupted PATCH is recorded: a zero-length probe tells (423 while busy).
            var probe = await IngestRequests.PatchAsync(client, location, offset!.Value, ReadOnlyMemory<byte>.Empty);
            if (probe.StatusCode != HttpStatusCode.Locked && offset == previous)
            {
                return;
            }

            previous = offset;
        }
    }
}
