using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Eucaim.Platform.Tests.Catalogue;
using Npgsql;

namespace Eucaim.Platform.Tests.Ingest;

/// <summary>A tus client as small as the protocol allows, and helpers over the ingest API.</summary>
public static class IngestRequests
{
    public const string Hm = "HM Hospitales";

    /// <summary>A new draft dataset of HM Hospitales (hugo's organization).</summary>
    public static async Task<Guid> CreateDraftAsync(HttpClient holder, string name)
    {
        var (created, _) = await CatalogueApi.ReadAsync(
            await CatalogueApi.SendAsync(holder, HttpMethod.Post, "/api/datasets", CatalogueApi.Metadata(name, Hm)), HttpStatusCode.Created);
        return created.GetProperty("id").GetGuid();
    }

    public static string Metadata(params (string Key, string Value)[] pairs) =>
        string.Join(",", pairs.Select(p => $"{p.Key} {Convert.ToBase64String(Encoding.UTF8.GetBytes(p.Value))}"));

    public static HttpRequestMessage Create(long length, string metadata, string? idempotencyKey = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/uploads");
        request.Headers.Add("Tus-Resumable", "1.0.0");
        request.Headers.Add("Upload-Length", length.ToString(System.Globalization.CultureInfo.InvariantCulture));
        request.Headers.Add("Upload-Metadata", metadata);
        if (idempotencyKey is not null)
        {
            request.Headers.Add("Idempotency-Key", idempotencyKey);
        }

        return request;
    }

    /// <summary>Creates an upload and returns its URL (the Location).</summary>
    public static async Task<string> CreateAsync(HttpClient client, Guid dataset, long length, string? fileName = null, Guid? ingest = null, string? sha256 = null)
    {
        var pairs = new List<(string, string)> { ("dataset", dataset.ToString()) };
        if (fileName is not null)
        {
            pairs.Add(("filename", fileName));
        }

        if (ingest is not null)
        {
            pairs.Add(("ingest", ingest.Value.ToString()));
        }

        if (sha256 is not null)
        {
            pairs.Add(("sha256", sha256));
        }

        var response = await client.SendAsync(Create(length, Metadata([.. pairs])));
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"tus creation → {(int)response.StatusCode}: {body}");
        Assert.Equal("1.0.0", response.Headers.GetValues("Tus-Resumable").Single());
        return response.Headers.Location!.ToString();
    }

    public static HttpRequestMessage Patch(string location, long offset, HttpContent content, string? checksum = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Patch, location) { Content = content };
        request.Headers.Add("Tus-Resumable", "1.0.0");
        request.Headers.Add("Upload-Offset", offset.ToString(System.Globalization.CultureInfo.InvariantCulture));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/offset+octet-stream");
        if (checksum is not null)
        {
            request.Headers.Add("Upload-Checksum", checksum);
        }

        return request;
    }

    public static Task<HttpResponseMessage> PatchAsync(HttpClient client, string location, long offset, ReadOnlyMemory<byte> chunk, string? checksum = null) =>
        client.SendAsync(Patch(location, offset, new ReadOnlyMemoryContent(chunk), checksum));

    public static async Task<long?> OffsetAsync(HttpClient client, string location)
    {
        using var request = new HttpRequestMessage(HttpMethod.Head, location);
        request.Headers.Add("Tus-Resumable", "1.0.0");
        var response = await client.SendAsync(request);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
        return long.Parse(response.Headers.GetValues("Upload-Offset").Single(), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>Sends the rest of the file from the server's offset, as a resuming client does (HEAD, then PATCH; 409/423 mean "ask again").</summary>
    public static async Task ResumeAsync(HttpClient client, string location, byte[] content, int chunkSize = 1 << 20)
    {
        for (var attempt = 0; attempt < 200; attempt++)
        {
            var offset = (await OffsetAsync(client, location))!.Value;
            if (offset == content.Length)
            {
                return;
            }

            var length = (int)Math.Min(chunkSize, content.Length - offset);
            var response = await PatchAsync(client, location, offset, content.AsMemory((int)offset, length));
            if (response.StatusCode is HttpStatusCode.Conflict or HttpStatusCode.Locked)
            {
                await Task.Delay(100);
                continue;
            }

            var body = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.NoContent, $"PATCH at {offset} → {(int)response.StatusCode}: {body}");
            Assert.Equal(offset + length, long.Parse(response.Headers.GetValues("Upload-Offset").Single(), System.Globalization.CultureInfo.InvariantCulture));
        }

        Assert.Fail($"{location} did not complete");
    }

    /// <summary>A whole file in one upload (chunks of <paramref name="chunkSize"/>).</summary>
    public static async Task<string> UploadAsync(HttpClient client, Guid dataset, byte[] content, string fileName, Guid? ingest = null, int chunkSize = 1 << 20)
    {
        var location = await CreateAsync(client, dataset, content.Length, fileName, ingest, Sha256(content));
        await ResumeAsync(client, location, content, chunkSize);
        return location;
    }

    public static async Task<Guid> OpenSessionAsync(HttpClient client, Guid dataset)
    {
        var (session, _) = await CatalogueApi.ReadAsync(await client.PostAsync($"/api/datasets/{dataset}/ingests", null), HttpStatusCode.Created);
        return session.GetProperty("id").GetGuid();
    }

    public static async Task<JsonElement> UploadViewAsync(HttpClient client, string location) =>
        (await CatalogueApi.ReadAsync(await client.GetAsync(location), HttpStatusCode.OK)).Body;

    public static async Task<JsonElement> IngestAsync(HttpClient client, Guid ingest) =>
        (await CatalogueApi.ReadAsync(await client.GetAsync($"/api/ingests/{ingest}"), HttpStatusCode.OK)).Body;

    /// <summary>Polls the ingest until its report is final.</summary>
    public static async Task<JsonElement> WaitCompletedAsync(HttpClient client, Guid ingest, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromMinutes(3));
        while (true)
        {
            var view = await IngestAsync(client, ingest);
            var state = view.GetProperty("state").GetString();
            if (state is "completed" or "failed")
            {
                return view;
            }

            Assert.True(DateTime.UtcNow < deadline, $"ingest {ingest} is still {state}: {view}");
            await Task.Delay(250);
        }
    }

    public static string Sha256(ReadOnlySpan<byte> content) => Convert.ToHexStringLower(SHA256.HashData(content));

    public static async Task<long> ScalarAsync(PlatformRun platform, string sql, params (string Name, object Value)[] parameters)
    {
        await using var db = new NpgsqlConnection(await platform.ConnectionStringAsync("eucaim"));
        await db.OpenAsync();
        await using var command = new NpgsqlCommand(sql, db);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }
}
