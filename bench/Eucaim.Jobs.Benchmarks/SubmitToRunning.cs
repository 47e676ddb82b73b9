using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using Eucaim.Platform.Tests;
using Npgsql;

namespace Eucaim.Jobs.Benchmarks;

/// <summary>
/// Submit-to-Running latency on the local backend, through the whole platform (the AppHost with
/// PostgreSQL, Azurite, the dev LS Login, Api and Workers): rita submits the built-in sample job on
/// a granted 3-instance CT dataset, one job at a time; the latency is the job's own
/// <c>runningAt − submittedAt</c> (server clock: API write, NOTIFY, dispatch, staging with checksums,
/// process start), and the time until a client polling every 10 ms sees it running.
/// </summary>
internal static class SubmitToRunning
{
    public static async Task RunAsync(int jobs)
    {
        var state = Path.Combine(Path.GetTempPath(), $"eucaim-bench-{Guid.NewGuid():N}");
        var clock = Stopwatch.StartNew();
        await using var platform = await PlatformRun.StartAsync(state);
        Console.WriteLine($"Platform healthy after {clock.Elapsed.TotalSeconds:0} s.");
        try
        {
            using var alba = await platform.CreateApiClientForAsync("alba");
            using var hugo = await platform.CreateApiClientForAsync("hugo");
            using var rita = await platform.CreateApiClientForAsync("rita");
            (await alba.PostAsJsonAsync("/api/flavors", new { name = "bench-cpu", cpuMillicores = 1000, memoryMib = 1024, gpuCount = 0, maxRuntimeMinutes = 60 })).EnsureSuccessStatusCode();
            var tenant = await Read(await alba.PostAsJsonAsync("/api/tenants", new
            {
                slug = "bench",
                name = "Bench",
                quota = new { gpus = 0, cpuCores = 4, memoryGib = 8, storageGib = 10, concurrentJobs = 4, maxJobRuntimeMinutes = 60 },
                allowedFlavors = new[] { "bench-cpu" },
                members = new[] { BenchUsers.Subject("rita") },
            }));
            var created = await hugo.PostAsJsonAsync("/api/datasets", new Dictionary<string, object?>
            {
                ["organization"] = "HM Hospitales", ["name"] = "Bench cohort", ["description"] = "Synthetic CT cohort for the job benchmark, three instances.",
                ["intendedPurpose"] = "Benchmark the job dispatcher.", ["cancerType"] = "Lung cancer", ["modalities"] = new[] { "CT" }, ["bodyParts"] = new[] { "Chest" },
                ["ageRange"] = "40 / 85 years", ["sex"] = "Male and Female", ["subjects"] = 1, ["studies"] = 1, ["deidentification"] = "Synthetic",
                ["termsOfUse"] = "Access by request", ["tier"] = "2", ["sharingMode"] = "federated-node", ["federatedNode"] = "node-1",
            });
            var dataset = (await Read(created)).GetProperty("id").GetGuid();
            using (var publish = new HttpRequestMessage(HttpMethod.Post, $"/api/datasets/{dataset}/publish"))
            {
                publish.Headers.TryAddWithoutValidation("If-Match", created.Headers.ETag?.ToString());
                (await hugo.SendAsync(publish)).EnsureSuccessStatusCode();
            }

            await PublishedDatasetFiles.WriteAsync(platform, dataset, 1, instances: 3);
            await GrantAsync(platform, tenant.GetProperty("id").GetGuid(), dataset);

            var server = new List<double>();
            var client = new List<double>();
            for (var i = 0; i < jobs + 2; i++)
            {
                var started = Stopwatch.StartNew();
                var job = await Read(await rita.PostAsJsonAsync("/api/jobs", new
                {
                    tenant = "bench", name = $"bench-{i}", image = "eucaim/sample-job:1.0", flavor = "bench-cpu", datasets = new[] { dataset }, maxRuntimeMinutes = 5,
                }));
                var id = job.GetProperty("id").GetGuid();
                JsonElement seen;
                while ((seen = await rita.GetFromJsonAsync<JsonElement>($"/api/jobs/{id}")).GetProperty("runningAt").ValueKind == JsonValueKind.Null
                    && seen.GetProperty("status").GetString() is "Queued" or "Starting")
                {
                    await Task.Delay(10);
                }

                var seenAt = started.Elapsed.TotalMilliseconds;
                if (seen.GetProperty("runningAt").ValueKind == JsonValueKind.Null)
                {
                    throw new InvalidOperationException($"Job {id} never ran: {seen}");
                }

                // The first two warm the JIT of the Api, Workers and sample job paths.
                if (i >= 2)
                {
                    server.Add((seen.GetProperty("runningAt").GetDateTimeOffset() - seen.GetProperty("submittedAt").GetDateTimeOffset()).TotalMilliseconds);
                    client.Add(seenAt);
                }

                // Let it finish, so every measured job starts on an idle dispatcher.
                while ((await rita.GetFromJsonAsync<JsonElement>($"/api/jobs/{id}")).GetProperty("logsArchived").GetBoolean() is false)
                {
                    await Task.Delay(50);
                }
            }

            Console.WriteLine($"Submit → Running, local backend, sample job on 3 CT instances ({Environment.ProcessorCount} cores):");
            Console.WriteLine(Percentiles.Line("  server: runningAt − submittedAt", server));
            Console.WriteLine(Percentiles.Line("  client: POST until GET shows running", client));
        }
        finally
        {
            PlatformRun.DeleteState(state);
        }
    }

    private static async Task GrantAsync(PlatformRun platform, Guid tenantId, Guid datasetId)
    {
        await using var db = new NpgsqlConnection(await platform.ConnectionStringAsync("eucaim"));
        await db.OpenAsync();
        await using var insert = new NpgsqlCommand("""
            INSERT INTO grants (id, tenant_id, tenant_slug, dataset_id, valid_from, valid_until, created_at, created_by)
            VALUES (gen_random_uuid(), @tenant, 'bench', @dataset, now() - interval '1 minute', now() + interval '1 day', now(), 'bench')
            """, db);
        insert.Parameters.AddWithValue("tenant", tenantId);
        insert.Parameters.AddWithValue("dataset", datasetId);
        await insert.ExecuteNonQueryAsync();
    }

    private static async Task<JsonElement> Read(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri}: {(int)response.StatusCode} {body}");
        }

        return JsonDocument.Parse(body).RootElement.Clone();
    }
}
