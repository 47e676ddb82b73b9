using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.RegularExpressions;
using Eucaim.Platform.Tests.Jobs;
using Eucaim.Platform.Tests.Tenants;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Eucaim.Platform.Tests.Web;

/// <summary>
/// The researcher's journey in a real browser on the local stack: rita (her tenant granted a dataset by
/// kai) checks and submits the sample job, watches it wait in the queue, start and log live, asks for its
/// summary to be exported; kai reads it in the airlock and approves; rita downloads it through the portal.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed partial class PortalJobJourneyTests(PlatformFixture fixture, Browser browser) : IClassFixture<Browser>
{
    // A liveness bound for what the dispatcher and the Workers do, not a speed target.
    private static readonly LocatorAssertionsToHaveTextOptions Patiently = new() { Timeout = (float)JobScenario.Patience.TotalMilliseconds };

    private static readonly LocatorAssertionsToContainTextOptions PatientlyContains = new() { Timeout = (float)JobScenario.Patience.TotalMilliseconds };

    private Uri Portal => fixture.Platform.App.GetEndpoint("web", "http");

    [Fact]
    public async Task Rita_runs_the_sample_job_follows_it_live_and_downloads_its_summary_after_kai_approves_the_export()
    {
        await using var s = await JobScenario.StartAsync(fixture, instances: 3);
        // The tenant runs two jobs at once: two lingering jobs make rita's wait in the queue.
        var blockers = new List<Guid>();
        for (var i = 0; i < 2; i++)
        {
            blockers.Add((await s.SubmitAsync(s.SampleJob($"blocker-{i}", ["--delay-seconds", "600"]))).GetProperty("id").GetGuid());
        }

        // rita: her tenant, its grant and quota.
        var rita = await browser.NewPageAsync();
        var console = PortalChecks.RecordConsole(rita);
        await rita.GotoAsync(Portal.ToString());
        await PortalSignIn.AsAsync(rita, Portal, "rita");
        await rita.GetByRole(AriaRole.Link, new() { Name = "My tenants" }).ClickAsync();
        var tenant = rita.Locator($"section[data-tenant='{s.TenantA}']");
        await Expect(tenant.Locator($"li[data-dataset='{s.DatasetId}']")).ToContainTextAsync("Jobs cohort");
        await Expect(tenant).ToContainTextAsync("Concurrent jobs");
        await PortalChecks.AssertAccessibleAsync(rita);

        // The form: a name the API refuses first, then the check's plan, then the submission.
        await tenant.GetByRole(AriaRole.Link, new() { Name = $"Submit a job in {s.TenantA}" }).ClickAsync();
        await rita.GetByLabel("Name", new() { Exact = true }).FillAsync("Not A DNS Label!");
        await rita.GetByLabel("Image").SelectOptionAsync(JobScenario.SampleImage);
        await rita.GetByLabel("Flavor").SelectOptionAsync(JobScenario.Flavor);
        await rita.Locator($"input[name='dataset'][value='{s.DatasetId}']").CheckAsync();
        await rita.GetByLabel("Arguments").FillAsync("--delay-seconds\n6");
        await rita.GetByRole(AriaRole.Button, new() { Name = "Check" }).ClickAsync();
        await Expect(rita.GetByRole(AriaRole.Alert)).ToContainTextAsync("name");
        await Expect(rita.GetByLabel("Arguments")).ToHaveValueAsync("--delay-seconds\n6");
        await PortalChecks.AssertAccessibleAsync(rita);

        await rita.GetByLabel("Name", new() { Exact = true }).FillAsync("portal-summary");
        await rita.GetByRole(AriaRole.Button, new() { Name = "Check" }).ClickAsync();
        await Expect(rita.Locator("#plan")).ToContainTextAsync("The check passed");
        await Expect(rita.Locator("#plan")).ToContainTextAsync($"/data/{s.DatasetId:N}");
        await Expect(rita.Locator("#plan-position")).ToHaveTextAsync(Number());
        await PortalChecks.AssertAccessibleAsync(rita);
        await rita.GetByRole(AriaRole.Button, new() { Name = "Submit the job" }).ClickAsync();

        // The job page: queued behind the blockers, with its place.
        await Expect(rita.GetByRole(AriaRole.Status)).ToContainTextAsync("The job was submitted");
        await Expect(rita.Locator("#job-status")).ToHaveTextAsync("Queued");
        await Expect(rita.Locator("#job-position")).ToHaveTextAsync(Number());
        await PortalChecks.AssertAccessibleAsync(rita);
        var jobId = Guid.Parse(rita.Url.Split('?')[0].Split('/')[^1]);
        Assert.Equal(s.TenantA, (await s.Rita.GetFromJsonAsync<JsonElement>($"/api/jobs/{jobId}")).GetProperty("tenant").GetString());

        // The blockers go; the page sees rita's job start and its log arrive, without a reload.
        foreach (var blocker in blockers)
        {
            Assert.Equal(HttpStatusCode.Accepted, (await s.Rita.PostAsync($"/api/jobs/{blocker}/cancel", null)).StatusCode);
        }

        await Expect(rita.Locator("#job-status")).ToHaveTextAsync("Running", Patiently);
        await Expect(rita.Locator("#job-position")).ToHaveTextAsync("—");
        await Expect(rita.Locator("#job-log")).ToContainTextAsync("still working", PatientlyContains);
        await Expect(rita.Locator("#outputs-pending")).ToBeVisibleAsync(); // still the same page: no reload yet
        await PortalChecks.SaveScreenshotAsync(rita, "portal-job.png");

        // Ended: the page reloads itself with the archived log and the outputs.
        var ended = await JobScenario.WaitForAsync(s.Rita, jobId, j => j.GetProperty("logsArchived").GetBoolean());
        try
        {
            await Expect(rita.Locator("#log-source")).ToHaveTextAsync("The archived log.", Patiently);
        }
        catch (PlaywrightException ex)
        {
            throw new InvalidOperationException(
                $"The page did not reload once the job ended ({ended}); it shows {await rita.Locator("#job-status").TextContentAsync()}; console: {string.Join(" | ", console)}", ex);
        }

        await Expect(rita.Locator("#job-status")).ToHaveTextAsync("Succeeded");
        await Expect(rita.Locator("#job-log")).ToContainTextAsync("wrote summary.json and summary.txt: 3 instances in 1 series");
        await Expect(rita.Locator("#job-log")).ToContainTextAsync("[eucaim] job Succeeded");
        await PortalChecks.AssertAccessibleAsync(rita);
        await rita.GetByLabel("summary.json").CheckAsync();
        await rita.GetByLabel("Why these files must leave the bubble").FillAsync("Counts per modality for the project report; aggregates only.");
        await rita.GetByRole(AriaRole.Button, new() { Name = "Request the export" }).ClickAsync();
        await Expect(rita.GetByRole(AriaRole.Status)).ToContainTextAsync("sent to the airlock");
        await Expect(rita.Locator("#export-status")).ToHaveTextAsync("Pending");
        await PortalChecks.AssertAccessibleAsync(rita);
        var exportUrl = rita.Url.Split('?')[0];
        var exportId = Guid.Parse(exportUrl.Split('/')[^1]);

        // kai: the airlock queue, the request with its files, findings and preview; approve.
        var kai = await browser.NewPageAsync();
        console.AddRange(PortalChecks.RecordConsole(kai));
        await kai.GotoAsync(Portal.ToString());
        await PortalSignIn.AsAsync(kai, Portal, "kai");
        await kai.GetByRole(AriaRole.Link, new() { Name = "Airlock" }).ClickAsync();
        await PortalChecks.AssertAccessibleAsync(kai);
        await kai.Locator($"tr[data-export='{exportId}'] a").ClickAsync();
        await Expect(kai.Locator("tr[data-file='summary.json']")).ToContainTextAsync(new Regex(@"[1-9][0-9.]* (B|KiB)"));
        await Expect(kai.Locator("#findings")).ToContainTextAsync("series-instance-uid");
        var preview = kai.GetByRole(AriaRole.Region, new() { Name = "Preview of summary.json" });
        await Expect(preview).ToContainTextAsync("\"instances\": 3");
        await PortalChecks.SaveScreenshotAsync(kai, "portal-airlock-review.png"); // its top: the request, files and findings
        await kai.GetByLabel("Approve").CheckAsync();
        await kai.GetByLabel("Note to the researcher").FillAsync("Aggregates only.");
        await PortalChecks.AssertAccessibleAsync(kai);
        await kai.GetByRole(AriaRole.Button, new() { Name = "Record the decision" }).ClickAsync();
        await Expect(kai.GetByRole(AriaRole.Status)).ToContainTextAsync("decision was recorded");
        await Expect(kai.Locator("#export-status")).ToHaveTextAsync(new Regex("^(Approved|Available)$"));

        // rita: once the Workers have copied the file out, she downloads it through the portal.
        await rita.GotoAsync(exportUrl);
        using (var patience = new CancellationTokenSource(JobScenario.Patience))
        {
            while (await rita.Locator("#export-status").TextContentAsync() != "Available")
            {
                await Task.Delay(TimeSpan.FromMilliseconds(500), patience.Token);
                await rita.ReloadAsync();
            }
        }

        await PortalChecks.AssertAccessibleAsync(rita);
        var href = await rita.GetByRole(AriaRole.Link, new() { Name = "Download summary.json" }).GetAttributeAsync("href");
        var direct = await rita.APIRequest.GetAsync(new Uri(Portal, href).ToString());
        Assert.True(direct.Status == 200, $"{href}: {direct.Status} {string.Join(", ", direct.Headers.Select(h => $"{h.Key}={h.Value}"))} {await direct.TextAsync()}");
        var download = await rita.RunAndWaitForDownloadAsync(() => rita.GetByRole(AriaRole.Link, new() { Name = "Download summary.json" }).ClickAsync());
        Assert.Equal("summary.json", download.SuggestedFilename);
        var bytes = await File.ReadAllBytesAsync(await download.PathAsync());
        var summary = JsonDocument.Parse(bytes).RootElement;
        Assert.Equal(3, summary.GetProperty("instances").GetInt32());
        // The bytes that came through the portal are the file the API describes; the page shows its MD5 where storage keeps one.
        var described = Assert.Single((await s.Rita.GetFromJsonAsync<JsonElement>($"/api/exports/{exportId}/files")).EnumerateArray());
        Assert.Equal(described.GetProperty("size").GetInt64(), bytes.LongLength);
        var md5 = described.GetProperty("contentMd5").GetString();
        Assert.Equal(md5 ?? "—", await rita.Locator("tr[data-file='summary.json'] td").Nth(2).TextContentAsync());
        if (md5 is not null)
        {
            Assert.Equal(Convert.ToBase64String(MD5.HashData(bytes)), md5);
        }

        // Chromium asks every origin for /favicon.ico on its own; neither the portal nor the dev provider has one.
        var messages = console.Where(m => !m.Contains("/favicon.ico:", StringComparison.Ordinal)).ToList();
        Assert.True(messages.Count == 0, string.Join("\n", messages));
    }

    [Fact]
    public async Task Only_reviewers_read_a_requested_file_and_the_portal_download_needs_an_available_export()
    {
        await using var s = await JobScenario.StartAsync(fixture, instances: 1);
        var id = (await s.SubmitAsync(s.SampleJob("reviewer-read"))).GetProperty("id").GetGuid();
        await JobScenario.WaitForAsync(s.Rita, id, j => j.GetProperty("logsArchived").GetBoolean());
        var export = await TenantRequests.ReadAsync(await s.Rita.PostAsJsonAsync("/api/exports", new
        {
            jobId = id,
            files = new[] { "summary.txt" },
            justification = "Counts per modality; aggregates only.",
        }), HttpStatusCode.Created);
        var exportId = export.GetProperty("id").GetGuid();

        // Sizes for both sides; content for the reviewer only (the requester's way out is an approval).
        var files = await TenantRequests.ReadAsync(await s.Rita.GetAsync($"/api/exports/{exportId}/files"), HttpStatusCode.OK);
        var file = Assert.Single(files.EnumerateArray());
        Assert.Equal("summary.txt", file.GetProperty("path").GetString());
        var content = await s.Kai.GetByteArrayAsync($"/api/exports/{exportId}/files/summary.txt");
        Assert.Equal(file.GetProperty("size").GetInt64(), content.LongLength);
        Assert.Equal(HttpStatusCode.Forbidden, (await s.Rita.GetAsync($"/api/exports/{exportId}/files/summary.txt")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await s.Rob.GetAsync($"/api/exports/{exportId}/files/summary.txt")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await s.Kai.GetAsync($"/api/exports/{exportId}/files/summary.json")).StatusCode);

        // Through the portal, a pending export has nothing to download: the API's refusal comes back.
        var rita = await browser.NewPageAsync();
        await rita.GotoAsync(Portal.ToString());
        await PortalSignIn.AsAsync(rita, Portal, "rita");
        var answer = await rita.APIRequest.GetAsync(new Uri(Portal, $"/exports/{exportId}/download/summary.txt").ToString());
        Assert.Equal(409, answer.Status);
        Assert.Contains("pending", await answer.TextAsync(), StringComparison.Ordinal);
    }

    [GeneratedRegex("^[0-9]+$")]
    private static partial Regex Number();
}
