using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Azure.Storage.Blobs;
using Npgsql;

namespace Eucaim.Platform.Tests;

[Collection(PlatformCollection.Name)]
public sealed class FoundationTests(PlatformFixture fixture)
{
    [Fact]
    public async Task Api_health_is_healthy_only_with_database_and_blob_storage()
    {
        using var api = fixture.Platform.CreateApiClient();

        var response = await api.GetAsync("/health");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Status_reports_the_migrated_schema_and_every_blob_container()
    {
        using var api = fixture.Platform.CreateApiClient();

        var status = await api.GetFromJsonAsync<JsonElement>("/api/status");

        // The migrations step applied every migration the code knows, so the schema is the newest one.
        var known = typeof(Eucaim.Core.Data.EucaimDbContext).Assembly.GetTypes()
            .Select(t => t.GetCustomAttributes(typeof(Microsoft.EntityFrameworkCore.Migrations.MigrationAttribute), false)
                .Cast<Microsoft.EntityFrameworkCore.Migrations.MigrationAttribute>().FirstOrDefault()?.Id)
            .OfType<string>()
            .Order(StringComparer.Ordinal)
            .ToList();
        var database = status.GetProperty("database");
        Assert.Equal(known[^1], database.GetProperty("schemaVersion").GetString());
        Assert.Equal(known.Count, database.GetProperty("appliedMigrations").GetInt32());
        var containers = status.GetProperty("blobStorage").GetProperty("containers").EnumerateArray().Select(c => c.GetString()).ToList();
        Assert.Equal(["audit", "datasets", "exports", "logs", "quarantine", "system", "tenants"], containers.Order().ToList());
    }

    [Fact]
    public async Task Api_sees_rows_written_to_the_migrated_users_table()
    {
        await using var db = new NpgsqlConnection(await fixture.Platform.ConnectionStringAsync("eucaim"));
        await db.OpenAsync();
        var subject = $"{Guid.NewGuid():N}@lifescience-ri.eu";
        await using (var insert = new NpgsqlCommand(
            "INSERT INTO users (subject, issuer, name, first_seen_at, last_seen_at) VALUES (@s, 'https://test.invalid', 'Foundation Test', now(), now())", db))
        {
            insert.Parameters.AddWithValue("s", subject);
            await insert.ExecuteNonQueryAsync();
        }

        await using var count = new NpgsqlCommand("SELECT count(*) FROM users", db);
        var expected = (long)(await count.ExecuteScalarAsync())!;

        using var api = fixture.Platform.CreateApiClient();
        var status = await api.GetFromJsonAsync<JsonElement>("/api/status");
        Assert.Equal(expected, status.GetProperty("database").GetProperty("users").GetInt64());
    }

    [Fact]
    public async Task Api_storage_health_probe_writes_a_blob_that_reads_back()
    {
        using var api = fixture.Platform.CreateApiClient();
        Assert.Equal(HttpStatusCode.OK, (await api.GetAsync("/health")).StatusCode);

        // The probe the API wrote is in the real blob store, readable with the Azure SDK.
        var blobs = new BlobServiceClient(await fixture.Platform.ConnectionStringAsync("blobs"));
        var system = blobs.GetBlobContainerClient("system");
        var probes = new List<string>();
        await foreach (var blob in system.GetBlobsAsync(new Azure.Storage.Blobs.Models.GetBlobsOptions { Prefix = "health/" }))
        {
            probes.Add(blob.Name);
        }

        Assert.NotEmpty(probes);
        foreach (var probe in probes)
        {
            var content = (await system.GetBlobClient(probe).DownloadContentAsync()).Value.Content.ToString();
            Assert.True(DateTimeOffset.TryParse(content, out _), $"probe {probe} holds '{content}'");
        }
    }

    [Fact]
    public async Task Unknown_routes_answer_with_problem_details()
    {
        using var api = fixture.Platform.CreateApiClient();

        var response = await api.GetAsync("/api/no-such-resource");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(404, problem.GetProperty("status").GetInt32());
    }

    [Fact]
    public async Task OpenApi_document_and_reference_page_are_served()
    {
        using var api = fixture.Platform.CreateApiClient();

        var document = await api.GetFromJsonAsync<JsonElement>("/openapi/v1.json");
        Assert.True(document.GetProperty("paths").TryGetProperty("/api/status", out _));

        var page = await api.GetAsync("/docs");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("text/html", page.Content.Headers.ContentType?.MediaType);
    }
}
