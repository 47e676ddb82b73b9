using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Eucaim.Dicom.Synthetic;
using Eucaim.Platform.Tests.Access;
using Eucaim.Platform.Tests.Catalogue;
using Eucaim.Platform.Tests.Identity;
using Eucaim.Platform.Tests.Ingest;
using Eucaim.Platform.Tests.Tenants;

namespace Eucaim.Platform.Tests.Jobs;

/// <summary>
/// What the job tests share: two fresh tenants (rita's and rob's), a dataset of HM Hospitales uploaded,
/// ingested and published with real DICOM files, a grant for rita's tenant, and helpers to submit, wait and follow logs.
/// </summary>
internal sealed class JobScenario : IAsyncDisposable
{
    public const string Flavor = "jobs-cpu";
    public const string SampleImage = "eucaim/sample-job:1.0";

    // A liveness bound, not a speed target: the dispatcher is woken by NOTIFY and polls every 2 s.
    public static readonly TimeSpan Patience = TimeSpan.FromMinutes(3);

    private readonly PlatformFixture _fixture;

    private JobScenario(PlatformFixture fixture) => _fixture = fixture;

    public string TenantA { get; private set; } = "";

    public Guid TenantAId { get; private set; }

    public string TenantB { get; private set; } = "";

    public Guid DatasetId { get; private set; }

    public Guid GrantId { get; private set; }

    public HttpClient Rita { get; private set; } = null!;

    public HttpClient Rob { get; private set; } = null!;

    public HttpClient Kai { get; private set; } = null!;

    public HttpClient Alba { get; private set; } = null!;

    public static async Task<JobScenario> StartAsync(PlatformFixture fixture, int instances = 3, int quotaGpus = 2)
    {
        var scenario = new JobScenario(fixture);
        try
        {
            return await scenario.SetUpAsync(instances, quotaGpus);
        }
        catch
        {
            await scenario.DisposeAsync();
            throw;
        }
    }

    private async Task<JobScenario> SetUpAsync(int instances, int quotaGpus)
    {
        var scenario = this;
        var fixture = _fixture;
        var platform = fixture.Platform;
        scenario.Alba = await platform.CreateApiClientForAsync("alba");
        scenario.Rita = await platform.CreateApiClientForAsync("rita");
        scenario.Rob = await platform.CreateApiClientForAsync("rob");
        scenario.Kai = await platform.CreateApiClientForAsync("kai");
        await TenantRequests.EnsureFlavorAsync(scenario.Alba, Flavor, gpus: 0);
        await TenantRequests.EnsureFlavorAsync(scenario.Alba, "jobs-gpu4", gpus: 4);
        var suffix = Guid.NewGuid().ToString("N")[..8];
        scenario.TenantA = $"jobs-a-{suffix}";
        scenario.TenantB = $"jobs-b-{suffix}";
        var a = await TenantRequests.ReadAsync(await scenario.Alba.PostAsJsonAsync("/api/tenants", TenantRequests.Tenant(scenario.TenantA,
            quota: TenantRequests.Quota(gpus: quotaGpus, concurrentJobs: 2, maxJobRuntimeMinutes: 600), allowedFlavors: [Flavor, "jobs-gpu4"], members: [SeededUsers.Subject("rita")])), HttpStatusCode.Created);
        scenario.TenantAId = a.GetProperty("id").GetGuid();
        await TenantRequests.ReadAsync(await scenario.Alba.PostAsJsonAsync("/api/tenants", TenantRequests.Tenant(scenario.TenantB,
            allowedFlavors: [Flavor], members: [SeededUsers.Subject("rob")])), HttpStatusCode.Created);

        using var hugo = await platform.CreateApiClientForAsync("hugo");
        // The dataset comes the way data holders bring one: a draft, a resumable upload of a zipped series
        // (32 × 24 pixel CT instances), the ingest pipeline, then publication with its manifest.
        scenario.DatasetId = await IngestRequests.CreateDraftAsync(hugo, $"Jobs cohort {suffix}");
        var seed = Random.Shared.Next(5_000_000, 6_000_000);
        var zip = TestArchives.Zip(Enumerable.Range(0, instances)
            .Select(i => ($"cohort/{i:D3}.dcm", SyntheticCtSeries.CreateFile(seed, i, rows: 32, columns: 24))));
        var location = await IngestRequests.UploadAsync(hugo, scenario.DatasetId, zip, "cohort.zip");
        var ingest = await IngestRequests.WaitCompletedAsync(hugo, (await IngestRequests.UploadViewAsync(hugo, location)).GetProperty("ingestId").GetGuid());
        Assert.Equal(instances, ingest.GetProperty("report").GetProperty("files").GetProperty("stored").GetInt32());
        await CatalogueApi.ReadAsync(await CatalogueApi.SendAsync(hugo, HttpMethod.Post, $"/api/datasets/{scenario.DatasetId}/publish"), HttpStatusCode.OK);
        // The committee alone decides on this dataset (no data holder approval), so kai's approval makes the grant.
        await AccessTestApi.ReadAsync(await hugo.PutAsJsonAsync($"/api/datasets/{scenario.DatasetId}/access-policy", new { requiresDataHolderApproval = false }), HttpStatusCode.OK);
        scenario.GrantId = await scenario.GrantAsync();
        return scenario;
    }

    /// <summary>rita asks for access to the dataset for her tenant; kai (access committee) approves; returns the grant.</summary>
    public async Task<Guid> GrantAsync()
    {
        var request = await AccessTestApi.SubmitAsync(Rita, TenantA, 30, DatasetId);
        var decided = await AccessTestApi.ReadAsync(await AccessTestApi.DecideAsync(Kai, request.GetProperty("id").GetGuid(), DatasetId, "approve"), HttpStatusCode.OK);
        return AccessTestApi.Item(decided, DatasetId).GetProperty("grantId").GetGuid();
    }

    /// <summary>kai revokes the grant through the access API (which announces it on <c>grant_ended</c>).</summary>
    public async Task RevokeAsync(Guid grantId) =>
        await AccessTestApi.ReadAsync(await Kai.PostAsJsonAsync($"/api/grants/{grantId}/revoke", new { reason = "Project suspended by the committee." }), HttpStatusCode.OK);

    public object SampleJob(string name, string[]? arguments = null, int? maxRuntimeMinutes = null, bool dryRun = false) => new
    {
        tenant = TenantA,
        name,
        image = SampleImage,
        arguments = arguments ?? [],
        environment = new Dictionary<string, string> { ["SUMMARY_TITLE"] = "sample" },
        flavor = Flavor,
        datasets = new[] { DatasetId },
        maxRuntimeMinutes,
        dryRun,
    };

    public async Task<JsonElement> SubmitAsync(object job) =>
        await TenantRequests.ReadAsync(await Rita.PostAsJsonAsync("/api/jobs", job), HttpStatusCode.Created);

    /// <summary>Reads the job until <paramref name="done"/> holds.</summary>
    public static async Task<JsonElement> WaitForAsync(HttpClient client, Guid id, Func<JsonElement, bool> done)
    {
        using var patience = new CancellationTokenSource(Patience);
        JsonElement last = default;
        while (!patience.IsCancellationRequested)
        {
            last = await TenantRequests.ReadAsync(await client.GetAsync($"/api/jobs/{id}"), HttpStatusCode.OK);
            if (done(last))
            {
                return last;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(200));
        }

        throw new TimeoutException($"Job {id} did not get there within {Patience}; last seen: {last}");
    }

    public static string Status(JsonElement job) => job.GetProperty("status").GetString()!;

    /// <summary>Follows the log as server-sent events until the <c>end</c> event; returns the log text and the end event's data.</summary>
    public static async Task<(string Log, string End, int Events)> FollowAsync(HttpClient client, Guid id, Action<string>? onLog = null)
    {
        using var patience = new CancellationTokenSource(Patience);
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/jobs/{id}/logs?follow=true");
        using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, patience.Token);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(patience.Token), Encoding.UTF8);
        var log = new StringBuilder();
        string? type = null;
        var data = new List<string>();
        var events = 0;
        while (await reader.ReadLineAsync(patience.Token) is { } line)
        {
            if (line.StartsWith("event: ", StringComparison.Ordinal))
            {
                type = line[7..];
            }
            else if (line.StartsWith("data: ", StringComparison.Ordinal) || line == "data:")
            {
                data.Add(line.Length > 6 ? line[6..] : "");
            }
            else if (line.Length == 0 && data.Count > 0)
            {
                var text = string.Join('\n', data);
                events++;
                if (type == "end")
                {
                    return (log.ToString(), text, events);
                }

                log.Append(text);
                onLog?.Invoke(text);
                (type, data) = (null, []);
            }
        }

        throw new InvalidOperationException($"The log stream of job {id} ended without an end event; got: {log}");
    }

    /// <summary>
    /// Removes the tenants (rita and rob are explicit members, and other tests count the tenants they
    /// see) and takes the dataset out of the listing.
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        // Alba is null only when signing in failed, before anything was created.
        var slugs = Alba is null ? [] : new[] { TenantA, TenantB }.Where(s => s.Length > 0).ToArray();
        foreach (var slug in slugs)
        {
            await Alba!.DeleteAsync($"/api/tenants/{slug}");
        }

        using (var patience = new CancellationTokenSource(Patience))
        {
            foreach (var slug in slugs)
            {
                while ((await Alba!.GetAsync($"/api/tenants/{slug}", patience.Token)).StatusCode != HttpStatusCode.NotFound)
                {
                    await Task.Delay(TimeSpan.FromMilliseconds(250), patience.Token);
                }
            }
        }

        if (DatasetId != Guid.Empty && Alba is not null)
        {
            await CatalogueCleanup.InvalidateAsync(_fixture, DatasetId);
        }

        foreach (var client in new[] { Rita, Rob, Kai, Alba })
        {
            client?.Dispose();
        }
    }
}
