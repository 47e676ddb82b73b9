using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using static Eucaim.Platform.Tests.Tenants.TenantRequests;

namespace Eucaim.Platform.Tests.Jobs;

/// <summary>
/// The researcher's day on the local stack: rita (with a grant) runs the built-in sample job on real
/// DICOM files, follows its log live, lists its output, asks for the summary to be exported; kai
/// approves; rita downloads it. rob, in another tenant, sees none of it.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class JobEndToEndTests(PlatformFixture fixture)
{
    [Fact]
    public async Task A_granted_researcher_runs_the_sample_job_follows_its_log_and_exports_its_summary_through_the_airlock()
    {
        await using var s = await JobScenario.StartAsync(fixture, instances: 3);

        var plan = await ReadAsync(await s.Rita.PostAsJsonAsync("/api/jobs", s.SampleJob("dicom-summary", dryRun: true)), HttpStatusCode.OK);
        Assert.True(plan.GetProperty("valid").GetBoolean());
        var planned = plan.GetProperty("datasets")[0];
        Assert.Equal(1, planned.GetProperty("version").GetInt32());
        Assert.Equal($"/data/{s.DatasetId:N}", planned.GetProperty("mountPath").GetString());
        Assert.Equal($"/data/{s.DatasetId:N}", plan.GetProperty("platformEnvironment").GetProperty(planned.GetProperty("pathVariable").GetString()!).GetString());
        Assert.Empty((await s.Rita.GetFromJsonAsync<JsonElement>($"/api/jobs?tenant={s.TenantA}")).EnumerateArray());

        var submitted = await s.SubmitAsync(s.SampleJob("dicom-summary"));
        var id = submitted.GetProperty("id").GetGuid();
        Assert.Equal(s.TenantA, submitted.GetProperty("tenant").GetString());

        var (log, end, _) = await JobScenario.FollowAsync(s.Rita, id);
        Assert.Contains("eucaim sample job: reading datasets under", log);
        Assert.Contains("wrote summary.json and summary.txt: 3 instances in 1 series", log);
        Assert.StartsWith("Succeeded", end);

        var job = await JobScenario.WaitForAsync(s.Rita, id, j => j.GetProperty("logsArchived").GetBoolean());
        Assert.Equal("Succeeded", JobScenario.Status(job));
        Assert.Equal(0, job.GetProperty("exitCode").GetInt32());
        Assert.Equal(2, job.GetProperty("outputFileCount").GetInt32());
        var archived = await s.Rita.GetStringAsync($"/api/jobs/{id}/logs");
        Assert.Contains("wrote summary.json", archived);
        Assert.Contains("[eucaim] job Succeeded", archived);

        var outputs = await ReadAsync(await s.Rita.GetAsync($"/api/jobs/{id}/outputs"), HttpStatusCode.OK);
        Assert.Equal(["summary.json", "summary.txt"], outputs.EnumerateArray().Select(o => o.GetProperty("path").GetString()!).Order().ToArray());

        var export = await ReadAsync(await s.Rita.PostAsJsonAsync("/api/exports", new
        {
            jobId = id,
            files = new[] { "summary.json" },
            justification = "Aggregate counts per modality for the project report; no patient-level data.",
        }), HttpStatusCode.Created);
        var exportId = export.GetProperty("id").GetGuid();
        Assert.Equal("Pending", export.GetProperty("status").GetString());
        // The summary names its series: the airlock shows that as a warning, which does not hold up an approval.
        Assert.False(export.GetProperty("hasBlockingFindings").GetBoolean());
        Assert.Contains(export.GetProperty("findings").EnumerateArray(), f => f.GetProperty("code").GetString() == "series-instance-uid");
        Assert.Equal(HttpStatusCode.Conflict, (await s.Rita.GetAsync($"/api/exports/{exportId}/links")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await s.Rita.PostAsJsonAsync($"/api/exports/{exportId}/decision", new { decision = "approve" })).StatusCode);

        var queue = await s.Kai.GetFromJsonAsync<JsonElement>("/api/exports?status=pending");
        Assert.Contains(queue.EnumerateArray(), e => e.GetProperty("id").GetGuid() == exportId);
        var decided = await ReadAsync(await s.Kai.PostAsJsonAsync($"/api/exports/{exportId}/decision", new { decision = "approve", note = "Aggregates only." }), HttpStatusCode.OK);
        Assert.Equal("Approved", decided.GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.Conflict, (await s.Kai.PostAsJsonAsync($"/api/exports/{exportId}/decision", new { decision = "reject", note = "changed my mind" })).StatusCode);

        var links = await WaitForLinksAsync(s.Rita, exportId);
        var link = Assert.Single(links.EnumerateArray());
        Assert.Equal("summary.json", link.GetProperty("path").GetString());
        using var anonymous = new HttpClient();
        var summary = JsonDocument.Parse(await anonymous.GetStringAsync(link.GetProperty("url").GetString())).RootElement;
        Assert.Equal(3, summary.GetProperty("instances").GetInt32());
        Assert.Equal(3, summary.GetProperty("modalities").GetProperty("CT").GetInt32());
        var series = Assert.Single(summary.GetProperty("series").EnumerateArray());
        Assert.Equal(3, series.GetProperty("imageSizes").GetProperty("32x24").GetInt32());
        // The link is for that one file: the container and its other blobs stay closed.
        var url = new Uri(link.GetProperty("url").GetString()!);
        Assert.NotEqual(HttpStatusCode.OK, (await anonymous.GetAsync(new Uri(url, "summary.txt" + url.Query))).StatusCode);

        // rob belongs to another tenant: every one of these answers as if nothing existed.
        Assert.Equal(HttpStatusCode.NotFound, (await s.Rob.GetAsync($"/api/jobs/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await s.Rob.GetAsync($"/api/jobs/{id}/logs")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await s.Rob.GetAsync($"/api/jobs/{id}/logs?follow=true")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await s.Rob.GetAsync($"/api/jobs/{id}/outputs")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await s.Rob.PostAsync($"/api/jobs/{id}/cancel", null)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await s.Rob.GetAsync($"/api/exports/{exportId}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await s.Rob.GetAsync($"/api/exports/{exportId}/links")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await s.Rob.PostAsJsonAsync("/api/exports", new { jobId = id, files = new[] { "summary.json" }, justification = new string('x', 40) })).StatusCode);
        Assert.DoesNotContain((await s.Rob.GetFromJsonAsync<JsonElement>("/api/jobs")).EnumerateArray(), j => j.GetProperty("id").GetGuid() == id);
        Assert.DoesNotContain((await s.Rob.GetFromJsonAsync<JsonElement>("/api/exports")).EnumerateArray(), e => e.GetProperty("id").GetGuid() == exportId);
        Assert.Equal(HttpStatusCode.NotFound, (await s.Rob.PostAsJsonAsync("/api/jobs", s.SampleJob("intruder"))).StatusCode);
        // Nor can an admin look inside the bubble.
        Assert.Equal(HttpStatusCode.NotFound, (await s.Alba.GetAsync($"/api/jobs/{id}/outputs")).StatusCode);

        var queueSummary = await s.Rob.GetFromJsonAsync<JsonElement>("/api/queue");
        Assert.Contains(queueSummary.GetProperty("flavors").EnumerateArray(), f => f.GetProperty("flavor").GetString() == JobScenario.Flavor);
    }

    private static async Task<JsonElement> WaitForLinksAsync(HttpClient client, Guid exportId)
    {
        using var patience = new CancellationTokenSource(JobScenario.Patience);
        while (true)
        {
            var response = await client.GetAsync($"/api/exports/{exportId}/links", patience.Token);
            if (response.StatusCode == HttpStatusCode.OK)
            {
                return await response.Content.ReadFromJsonAsync<JsonElement>(patience.Token);
            }

            Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
            await Task.Delay(TimeSpan.FromMilliseconds(200), patience.Token);
        }
    }
}
