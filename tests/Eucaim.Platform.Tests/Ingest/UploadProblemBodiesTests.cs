using System.Net;
using System.Security.Cryptography;
using System.Text.Json;
using Eucaim.Platform.Tests.Identity;
using Npgsql;

namespace Eucaim.Platform.Tests.Ingest;

/// <summary>The tus endpoint's refusals say what happened, each as a problem body with a <c>type</c>.</summary>
[Collection(PlatformCollection.Name)]
public sealed class UploadProblemBodiesTests(PlatformFixture fixture)
{
    [Fact]
    public async Task A_chunk_for_a_completed_upload_is_a_conflict_saying_it_is_complete_not_too_large()
    {
        using var hugo = await fixture.Platform.CreateApiClientForAsync("hugo");
        var dataset = await IngestRequests.CreateDraftAsync(hugo, $"Complete {Guid.NewGuid():N}");
        var session = await IngestRequests.OpenSessionAsync(hugo, dataset);
        var source = RandomNumberGenerator.GetBytes(3_000);
        var location = await IngestRequests.UploadAsync(hugo, dataset, source, "done.bin", session);

        foreach (var offset in new long[] { source.Length, 0 })
        {
            var response = await IngestRequests.PatchAsync(hugo, location, offset, source.AsMemory(0, 100));
            var body = await ProblemAsync(response, HttpStatusCode.Conflict);
            Assert.Equal("The upload is already complete.", body.GetProperty("title").GetString());
            Assert.Equal("upload-complete", body.GetProperty("rule").GetString());
            Assert.Equal("complete", body.GetProperty("state").GetString());
            Assert.Contains("new upload", body.GetProperty("detail").GetString());
        }

        // Repeating the completing PATCH (empty, at the end) stays harmless.
        Assert.Equal(HttpStatusCode.NoContent, (await IngestRequests.PatchAsync(hugo, location, source.Length, ReadOnlyMemory<byte>.Empty)).StatusCode);
        Assert.Equal(source.Length, await IngestRequests.OffsetAsync(hugo, location));
    }

    [Fact]
    public async Task Checksum_mismatches_and_a_busy_upload_answer_with_typed_problems()
    {
        using var hugo = await fixture.Platform.CreateApiClientForAsync("hugo");
        var dataset = await IngestRequests.CreateDraftAsync(hugo, $"Typed {Guid.NewGuid():N}");
        var session = await IngestRequests.OpenSessionAsync(hugo, dataset);
        var source = RandomNumberGenerator.GetBytes(2_000);
        var location = await IngestRequests.CreateAsync(hugo, dataset, source.Length, "t.bin", session);

        var wrongChunk = await IngestRequests.PatchAsync(hugo, location, 0, source, $"sha1 {Convert.ToBase64String(SHA1.HashData(source.AsSpan(1)))}");
        Assert.Equal("https://tus.io/protocols/resumable-upload#checksum", (await ProblemAsync(wrongChunk, (HttpStatusCode)460)).GetProperty("type").GetString());

        // Another PATCH holds the upload: the same session advisory lock the endpoint takes.
        var id = Guid.Parse(location.Split('/')[^1]);
        await using (var holder = new NpgsqlConnection(await fixture.Platform.ConnectionStringAsync("eucaim")))
        {
            await holder.OpenAsync();
            await using var take = new NpgsqlCommand("SELECT pg_advisory_lock(@k)", holder);
            take.Parameters.AddWithValue("k", BitConverter.ToInt64(id.ToByteArray(), 0));
            await take.ExecuteScalarAsync();
            var busy = await IngestRequests.PatchAsync(hugo, location, 0, source);
            var body = await ProblemAsync(busy, HttpStatusCode.Locked);
            Assert.Equal("https://tools.ietf.org/html/rfc4918#section-11.3", body.GetProperty("type").GetString());
        }

        var whole = await IngestRequests.CreateAsync(hugo, dataset, source.Length, "w.bin", session, sha256: new string('0', 64));
        var mismatch = await IngestRequests.PatchAsync(hugo, whole, 0, source);
        Assert.Equal("https://tus.io/protocols/resumable-upload#checksum", (await ProblemAsync(mismatch, (HttpStatusCode)460)).GetProperty("type").GetString());
        Assert.Equal("checksumMismatch", (await IngestRequests.UploadViewAsync(hugo, whole)).GetProperty("state").GetString());
        var late = await IngestRequests.PatchAsync(hugo, whole, source.Length, source.AsMemory(0, 1));
        Assert.Equal("checksumMismatch", (await ProblemAsync(late, HttpStatusCode.Conflict)).GetProperty("state").GetString());
    }

    private static async Task<JsonElement> ProblemAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"expected {(int)expected}, got {(int)response.StatusCode}: {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("1.0.0", response.Headers.GetValues("Tus-Resumable").Single());
        var body = JsonDocument.Parse(text).RootElement;
        Assert.False(string.IsNullOrEmpty(body.GetProperty("type").GetString()), $"no type: {text}");
        return body;
    }
}
