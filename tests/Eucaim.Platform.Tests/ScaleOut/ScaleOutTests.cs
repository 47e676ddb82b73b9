using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Eucaim.Platform.Tests.Catalogue;
using Eucaim.Platform.Tests.Identity;
using Eucaim.Platform.Tests.Ingest;
using Eucaim.Platform.Tests.Jobs;
using Npgsql;

namespace Eucaim.Platform.Tests.ScaleOut;

/// <summary>
/// Two Workers and two Api processes on one database, as a cluster runs them (docs/scale-out.md):
/// ingests are claimed by either Workers with <c>FOR UPDATE SKIP LOCKED</c>, once, and index every instance
/// once; many jobs are each launched once although both Workers run a dispatcher; killing the
/// replica that holds the dispatcher lease hands it to the other, which finishes the queued work;
/// page tokens from one Api replica are good on the other.
/// </summary>
public sealed class ScaleOutTests(ScaleOutFixture fixture) : IClassFixture<ScaleOutFixture>
{
    private const string DispatcherLease = "eucaim-job-dispatcher";
    private const int Jobs = 8;

    // A liveness bound: the other replica retries the advisory lock every 2 s once the holder's session ends.
    private static readonly TimeSpan FailoverPatience = TimeSpan.FromSeconds(30);

    private PlatformRun Platform => fixture.Platform.Platform;

    [Fact]
    public async Task Two_workers_and_two_apis_ingest_once_dispatch_once_and_survive_the_lease_holder_being_killed()
    {
        // Both Workers replicas are up: each has a session trying for the dispatcher lease.
        var holders = await WaitForAsync(async () => await LeaseSessionsAsync(DispatcherLease), s => s.Count == ScaleOutFixture.Replicas, TimeSpan.FromMinutes(1));
        Assert.Equal(ScaleOutFixture.Replicas, holders.Select(h => h.Pid).Distinct().Count());

        await PageTokensWorkOnEveryApiReplicaAsync();

        // The job scenario brings a dataset through upload, ingest and publication; three more uploads go in parallel.
        await using var s = await JobScenario.StartAsync(fixture.Platform, instances: 6);
        await IngestsRunOnceAcrossBothWorkersAsync(s.DatasetId, 6);

        var ids = new List<Guid>();
        for (var i = 0; i < Jobs; i++)
        {
            ids.Add((await s.SubmitAsync(s.SampleJob($"scale-{i}"))).GetProperty("id").GetGuid());
        }

        // Kill the Workers process that holds the dispatcher lease while the jobs are queued and starting.
        var holder = await WaitForAsync(async () => (await LeaseSessionsAsync(DispatcherLease)).SingleOrDefault(h => h.Granted), h => h is not null, FailoverPatience);
        var stopwatch = Stopwatch.StartNew();
        using (var process = Process.GetProcessById(holder!.Pid))
        {
            process.Kill();
            await process.WaitForExitAsync();
        }

        var successor = await WaitForAsync(async () => (await LeaseSessionsAsync(DispatcherLease)).SingleOrDefault(h => h.Granted), h => h is not null && h.Pid != holder.Pid, FailoverPatience);
        Assert.NotEqual(holder.Pid, successor!.Pid);
        Assert.True(stopwatch.Elapsed < FailoverPatience, $"failover took {stopwatch.Elapsed}");

        // The survivor finishes every job, queued or in flight at the kill.
        foreach (var id in ids)
        {
            var job = await JobScenario.WaitForAsync(s.Rita, id, j => j.GetProperty("logsArchived").GetBoolean());
            Assert.Equal("Succeeded", JobScenario.Status(job));
        }

        // Each job was launched once: one job.started record per job, never two, though both replicas ran a dispatcher.
        // (None: the killed holder died between a launch and its record; the survivor then observes the job as launched.)
        var started = await StartRecordsAsync(ids);
        Assert.All(ids, id => Assert.InRange(started.GetValueOrDefault(id), 0, 1));
        Assert.True(started.Count >= Jobs - 1, $"only {started.Count} of {Jobs} jobs have a start record");
        Assert.Equal(Jobs, ids.Distinct().Count());
    }

    /// <summary>Walks every page of the catalogue, each request on a new connection so the proxy spreads them over both Api replicas.</summary>
    private async Task PageTokensWorkOnEveryApiReplicaAsync()
    {
        string? token = null;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var pages = 0;
        do
        {
            using var api = Platform.CreateApiClient();
            using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/datasets?sort=name&pageSize=3{(token is null ? "" : $"&pageToken={Uri.EscapeDataString(token)}")}");
            request.Headers.ConnectionClose = true;
            using var response = await api.SendAsync(request);
            var body = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"page {pages + 1} → {(int)response.StatusCode}: {body}");
            var page = JsonDocument.Parse(body).RootElement;
            foreach (var item in page.GetProperty("items").EnumerateArray())
            {
                Assert.True(seen.Add(item.GetProperty("id").GetString()!), "a dataset came twice");
            }

            token = page.TryGetProperty("nextPageToken", out var next) && next.ValueKind == JsonValueKind.String ? next.GetString() : null;
            pages++;
        }
        while (token is not null && pages < 12);

        // With a key per process, each page has even odds of landing on the other replica and being refused.
        Assert.True(pages >= 6, $"the catalogue has only {pages} pages of 3");
    }

    /// <summary>Three uploads at once on top of the scenario's: each ingest claimed once, each SOP Instance UID indexed once.</summary>
    private async Task IngestsRunOnceAcrossBothWorkersAsync(Guid scenarioDataset, int scenarioInstances)
    {
        using var hugo = await Platform.CreateApiClientForAsync("hugo");
        var datasets = new List<(Guid Dataset, int Instances)> { (scenarioDataset, scenarioInstances) };
        var uploads = await Task.WhenAll(Enumerable.Range(0, 3).Select(async i =>
        {
            var dataset = await IngestRequests.CreateDraftAsync(hugo, $"Scale-out cohort {i} {Guid.NewGuid():N}");
            var zip = TestArchives.Zip(TestArchives.Series(Random.Shared.Next(7_000_000, 8_000_000), 10).Select((file, n) => ($"s/{n:D3}.dcm", file)));
            var location = await IngestRequests.UploadAsync(hugo, dataset, zip, $"cohort-{i}.zip");
            return (dataset, (await IngestRequests.UploadViewAsync(hugo, location)).GetProperty("ingestId").GetGuid());
        }));
        foreach (var (dataset, ingest) in uploads)
        {
            var report = (await IngestRequests.WaitCompletedAsync(hugo, ingest)).GetProperty("report").GetProperty("files");
            Assert.Equal(10, report.GetProperty("stored").GetInt32());
            Assert.Equal(0, report.GetProperty("duplicates").GetInt32());
            Assert.Equal(1, await IngestRequests.ScalarAsync(Platform, "SELECT attempts FROM ingest_jobs WHERE id = @id", ("id", ingest)));
            datasets.Add((dataset, 10));
        }

        foreach (var (dataset, instances) in datasets)
        {
            Assert.Equal(instances, await IngestRequests.ScalarAsync(Platform, "SELECT count(*) FROM dicom_instances WHERE dataset_id = @d", ("d", dataset)));
            Assert.Equal(instances, await IngestRequests.ScalarAsync(Platform, "SELECT count(DISTINCT sop_instance_uid) FROM dicom_instances WHERE dataset_id = @d", ("d", dataset)));
            Assert.Equal(instances, await IngestRequests.ScalarAsync(Platform,
                "SELECT count(*) FROM ingest_files f JOIN ingest_jobs j ON j.id = f.job_id WHERE j.dataset_id = @d AND f.state = 'Stored'", ("d", dataset)));
        }

        foreach (var (dataset, _) in uploads)
        {
            await CatalogueCleanup.InvalidateAsync(fixture.Platform, dataset);
        }
    }

    /// <summary>The Workers sessions of a lease (<c>eucaim-lease &lt;name&gt; &lt;pid&gt;@&lt;host&gt;</c>) and whether each holds the advisory lock.</summary>
    private async Task<List<LeaseSession>> LeaseSessionsAsync(string lease)
    {
        await using var db = new NpgsqlConnection(await Platform.ConnectionStringAsync("eucaim"));
        await db.OpenAsync();
        await using var command = new NpgsqlCommand(
            """
            SELECT a.application_name, EXISTS (SELECT 1 FROM pg_locks l WHERE l.pid = a.pid AND l.locktype = 'advisory' AND l.granted)
            FROM pg_stat_activity a WHERE a.application_name LIKE @prefix
            """, db);
        command.Parameters.AddWithValue("prefix", $"eucaim-lease {lease} %");
        var sessions = new List<LeaseSession>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            var holder = reader.GetString(0).Split(' ')[2];
            sessions.Add(new LeaseSession(int.Parse(holder[..holder.IndexOf('@')], System.Globalization.CultureInfo.InvariantCulture), reader.GetBoolean(1)));
        }

        return sessions;
    }

    private async Task<Dictionary<Guid, long>> StartRecordsAsync(IReadOnlyCollection<Guid> jobs)
    {
        await using var db = new NpgsqlConnection(await Platform.ConnectionStringAsync("eucaim"));
        await db.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT target_id, count(*) FROM audit_entries WHERE action = 'job.started' AND target_id = ANY(@ids) GROUP BY target_id", db);
        command.Parameters.AddWithValue("ids", jobs.Select(j => j.ToString()).ToArray());
        var counts = new Dictionary<Guid, long>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            counts[Guid.Parse(reader.GetString(0))] = reader.GetInt64(1);
        }

        return counts;
    }

    private static async Task<T> WaitForAsync<T>(Func<Task<T>> read, Func<T, bool> done, TimeSpan patience)
    {
        var deadline = DateTime.UtcNow + patience;
        while (true)
        {
            var value = await read();
            if (done(value))
            {
                return value;
            }

            Assert.True(DateTime.UtcNow < deadline, $"still not there after {patience}: {JsonSerializer.Serialize(value)}");
            await Task.Delay(TimeSpan.FromMilliseconds(200));
        }
    }

    private sealed record LeaseSession(int Pid, bool Granted);
}
