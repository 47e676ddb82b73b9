using System.IO.Compression;
using System.Net;
using System.Text.RegularExpressions;
using Eucaim.Platform.Tests.Catalogue;
using Eucaim.Platform.Tests.Ingest;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Eucaim.Platform.Tests.Web;

/// <summary>
/// The data holder's journeys in a real browser: hugo registers a dataset, uploads a zip of a DICOM
/// series through the relay with the network cut halfway (tus resumes once back online), follows the
/// ingest report and publishes; and an edit made stale by someone else's save says who changed what.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed partial class PortalHolderJourneyTests(PlatformFixture fixture, Browser browser) : IClassFixture<Browser>
{
    private const int Instances = 30;

    private Uri Portal => fixture.Platform.App.GetEndpoint("web", "http");

    [Fact]
    public async Task Hugo_registers_a_dataset_uploads_a_series_through_a_dropped_connection_and_publishes_it()
    {
        var name = $"Portal upload {Guid.NewGuid():N}"[..26];
        var page = await browser.NewPageAsync();
        await page.GotoAsync(Portal.ToString());
        await PortalSignIn.AsAsync(page, Portal, "hugo");
        // Recorded once signed in: Chromium's favicon requests on the way (portal, dev provider) are not the pages'.
        var console = PortalChecks.RecordConsole(page);

        // Register: My datasets → Register a dataset.
        await page.GetByRole(AriaRole.Link, new() { Name = "My datasets" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "My datasets" })).ToBeVisibleAsync();
        await PortalChecks.AssertAccessibleAsync(page);
        await page.GetByRole(AriaRole.Link, new() { Name = "Register a dataset" }).First.ClickAsync();
        await Expect(page.GetByLabel("Organization")).ToHaveValueAsync(IngestRequests.Hm);
        await page.GetByLabel("Name").FillAsync(name);
        await page.GetByLabel("Description").FillAsync("Thoracic CT series of lung cancer patients, uploaded from the portal.");
        await page.GetByLabel("Cancer type").FillAsync("Lung cancer");
        await page.GetByLabel("Modalities").FillAsync("CT");
        await page.GetByLabel("Sex").FillAsync("Male and Female");
        await page.GetByLabel("Subjects").FillAsync("1");
        await page.GetByLabel("Tier").FillAsync("2");
        await PortalChecks.AssertAccessibleAsync(page);
        await page.GetByRole(AriaRole.Button, new() { Name = "Register the draft" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("registered as a draft");
        await Expect(page.Locator("#dataset-state")).ToHaveTextAsync("draft");
        await PortalChecks.AssertAccessibleAsync(page);
        var datasetUrl = page.Url.Split('?')[0];

        // The list shows it with its state.
        await page.GetByRole(AriaRole.Link, new() { Name = "My datasets" }).First.ClickAsync();
        var row = page.Locator("#my-datasets tr", new() { HasText = name });
        await Expect(row).ToContainTextAsync("draft");
        await row.GetByRole(AriaRole.Link, new() { Name = name }).ClickAsync();

        // Upload: a stored zip (a few MB, four 1 MiB tus chunks); the third chunk meets a cut network.
        await page.GetByRole(AriaRole.Link, new() { Name = "Upload images into the draft" }).ClickAsync();
        await PortalChecks.AssertAccessibleAsync(page);
        var zip = TestArchives.Zip(
            TestArchives.Series(Random.Shared.Next(), Instances, size: 256).Select((bytes, i) => ($"series/{i:D3}.dcm", bytes)),
            CompressionLevel.NoCompression);
        var halfway = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var cut = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var patches = 0;
        await page.RouteAsync("**/relay/api/uploads/**", async route =>
        {
            if (route.Request.Method == "PATCH" && Interlocked.Increment(ref patches) == 3)
            {
                halfway.SetResult();
                await cut.Task;
                await route.AbortAsync("internetdisconnected");
                return;
            }

            await route.ContinueAsync();
        });
        await page.GetByLabel("A zip archive or a DICOM file").SetInputFilesAsync(new FilePayload
        {
            Name = "lung-ct.zip", MimeType = "application/zip", Buffer = zip,
        });
        await page.GetByRole(AriaRole.Button, new() { Name = "Upload", Exact = true }).ClickAsync();

        await halfway.Task.WaitAsync(TimeSpan.FromMinutes(2));
        await page.Context.SetOfflineAsync(true);
        cut.SetResult();
        await Expect(page.Locator("#upload-status")).ToContainTextAsync("connection was lost");
        await Expect(page.Locator("#upload-progress")).ToHaveAttributeAsync("data-percent", HalfwayPercent());
        await PortalChecks.AssertAccessibleAsync(page);
        await PortalChecks.SaveScreenshotAsync(page, "portal-upload.png");

        await page.Context.SetOfflineAsync(false);
        await page.WaitForURLAsync(new Regex("/ingests/[0-9a-f-]{36}$"), new() { Timeout = 120_000 });

        // The ingest report, rendered by the server once the ingest is final (the page follows it live until then).
        await Expect(page.Locator("#ingest-state")).ToHaveTextAsync("completed", new() { Timeout = 180_000 });
        await Expect(page.Locator("#report-files")).ToContainTextAsync($"Stored{Instances}");
        await Expect(page.Locator("#series tbody tr")).ToHaveCountAsync(1);
        await Expect(page.Locator("#series tbody td").Nth(1)).ToHaveTextAsync("CT");
        await Expect(page.Locator("#series tbody td").Nth(2)).ToHaveTextAsync($"{Instances}");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Findings by severity" })).ToBeVisibleAsync();
        await PortalChecks.AssertAccessibleAsync(page);
        await PortalChecks.SaveScreenshotAsync(page, "portal-ingest-report.png");

        // Publish: refused without the confirmation, then done.
        await page.GotoAsync(datasetUrl);
        await Expect(page.Locator("table.list")).ToContainTextAsync("completed");
        // The synthetic series keeps its patient's name and dates (policy "report"): the publish form says so before publishing.
        await Expect(page.Locator("#publish-findings")).ToContainTextAsync("findings of severity error");
        await page.GetByRole(AriaRole.Button, new() { Name = "Publish" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("Tick the confirmation to publish");
        await page.GetByLabel("I have checked the ingest reports").CheckAsync();
        await PortalChecks.AssertAccessibleAsync(page);
        await page.GetByRole(AriaRole.Button, new() { Name = "Publish" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("published");
        await Expect(page.Locator("#dataset-state")).ToHaveTextAsync("published");
        await Expect(page.Locator("#dataset-version")).ToHaveTextAsync("v1");
        await PortalChecks.AssertAccessibleAsync(page);

        using var anonymous = fixture.Platform.CreateApiClient();
        var id = datasetUrl.Split('/')[^1];
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync($"/api/datasets/{id}")).StatusCode);

        // The cut connection's failed requests are Chromium's own console lines; nothing else may be there.
        var unexpected = console.Where(m => !m.Contains("net::ERR_INTERNET_DISCONNECTED", StringComparison.Ordinal)).ToList();
        Assert.True(unexpected.Count == 0, string.Join("\n", unexpected));
    }

    [Fact]
    public async Task A_stale_edit_says_who_changed_what_and_keeps_the_text()
    {
        var name = $"Portal stale {Guid.NewGuid():N}"[..25];
        using var hugo = await fixture.Platform.CreateApiClientForAsync("hugo");
        using var alba = await fixture.Platform.CreateApiClientForAsync("alba");
        var dataset = await IngestRequests.CreateDraftAsync(hugo, name);

        var page = await browser.NewPageAsync();
        await page.GotoAsync(Portal.ToString());
        await PortalSignIn.AsAsync(page, Portal, "hugo");
        // Recorded once signed in: Chromium's favicon requests on the way (portal, dev provider) are not the pages'.
        var console = PortalChecks.RecordConsole(page);
        await page.GotoAsync(new Uri(Portal, $"/my-datasets/{dataset}/edit").ToString());
        await Expect(page.GetByLabel("Name")).ToHaveValueAsync(name);
        await PortalChecks.AssertAccessibleAsync(page);

        // alba saves first, changing the description.
        var (draft, etag) = await CatalogueApi.ReadAsync(await alba.GetAsync($"/api/datasets/{dataset}/draft"), HttpStatusCode.OK);
        var metadata = CatalogueApi.Metadata(name);
        metadata.Remove("organization");
        metadata["description"] = "Corrected by the platform administrator.";
        await CatalogueApi.ReadAsync(await CatalogueApi.SendAsync(alba, HttpMethod.Put, $"/api/datasets/{dataset}/draft", metadata, etag), HttpStatusCode.OK);
        Assert.Equal(name, draft.GetProperty("metadata").GetProperty("name").GetString());

        // hugo's save, from the form opened before: refused, with who and what, his text kept.
        await page.GetByLabel("Name").FillAsync($"{name} (renamed)");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save the draft" }).ClickAsync();
        var stale = page.Locator("#stale-edit");
        await Expect(stale).ToContainTextAsync(PortalSignIn.DisplayName("alba"));
        await Expect(stale.GetByRole(AriaRole.Listitem)).ToHaveTextAsync("Description, now: Corrected by the platform administrator.");
        await Expect(page.GetByLabel("Name")).ToHaveValueAsync($"{name} (renamed)");
        await PortalChecks.AssertAccessibleAsync(page);
        await PortalChecks.SaveScreenshotAsync(page, "portal-stale-edit.png");

        // Saving again is a deliberate overwrite: it goes through.
        await page.GetByRole(AriaRole.Button, new() { Name = "Save the draft" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("The draft was saved");
        var (saved, _) = await CatalogueApi.ReadAsync(await hugo.GetAsync($"/api/datasets/{dataset}/draft"), HttpStatusCode.OK);
        Assert.Equal($"{name} (renamed)", saved.GetProperty("metadata").GetProperty("name").GetString());
        Assert.Empty(console);
    }

    /// <summary>Stopped at the third of four chunks: the offset the server has is past a third and short of the end.</summary>
    [GeneratedRegex("^(3[4-9]|[4-9][0-9])$")]
    private static partial Regex HalfwayPercent();
}
