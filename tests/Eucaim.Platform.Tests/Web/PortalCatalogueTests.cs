using System.Text.Json;
using System.Text.RegularExpressions;
using Eucaim.Platform.Tests.Catalogue;
using Microsoft.Playwright;

namespace Eucaim.Platform.Tests.Web;

/// <summary>
/// The portal's public pages in a real browser against the running platform: what the catalogue page
/// shows is what the API answers for the same search, and its state lives in the URL.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class PortalCatalogueTests(PlatformFixture fixture, Browser browser) : IClassFixture<Browser>
{
    private static readonly string[] FacetNames = ["modality", "cancerType", "bodyPart", "tier", "sharingMode", "sex", "organization"];

    private Uri Portal => fixture.Platform.App.GetEndpoint("web", "http");

    [Fact]
    public async Task Searching_for_lung_lists_the_APIs_matches_with_its_facet_counts()
    {
        using var api = fixture.Platform.CreateApiClient();
        var expected = await CatalogueApi.SearchAsync(api, "q=lung");
        var page = await browser.NewPageAsync();
        var blocked = new List<string>();
        page.Console += (_, message) => blocked.Add(message.Text); // a policy violation is reported on the console
        var home = await page.GotoAsync(Portal.ToString());
        Assert.Contains("default-src 'none'", (await home!.AllHeadersAsync())["content-security-policy"], StringComparison.Ordinal);

        await page.GetByLabel("Search the catalogue").FillAsync("lung");
        await page.GetByRole(AriaRole.Button, new() { Name = "Search" }).ClickAsync();

        Assert.Matches(new Regex(@"[?&]q=lung(&|$)"), page.Url);
        var total = expected.GetProperty("total").GetInt32();
        Assert.True(total is > 0 and < 55, $"'lung' should match some seed datasets, not {total}");
        Assert.Equal(total, await PortalPage.TotalAsync(page));
        Assert.Equal(Names(expected), await PortalPage.ResultNamesAsync(page));
        Assert.All(await PortalPage.ResultNamesAsync(page), name => Assert.False(string.IsNullOrWhiteSpace(name)));
        foreach (var facet in FacetNames)
        {
            Assert.Equal(CatalogueApi.Facet(expected, facet).OrderBy(f => f.Key), (await PortalPage.FacetAsync(page, facet)).OrderBy(f => f.Key));
        }

        Assert.Empty(blocked);
        await PortalChecks.SaveScreenshotAsync(page, "portal-catalogue.png");
    }

    [Fact]
    public async Task Choosing_a_filter_narrows_the_results_and_the_URL_keeps_it()
    {
        using var api = fixture.Platform.CreateApiClient();
        var page = await browser.NewPageAsync();
        await page.GotoAsync(new Uri(Portal, "/?q=lung").ToString());
        var all = await PortalPage.TotalAsync(page);
        var (modality, count) = (await PortalPage.FacetAsync(page, "modality")).OrderBy(f => f.Value).First();
        Assert.True(count < all, $"the rarest modality ({modality}: {count}) should narrow {all} results");

        await page.Locator($"section.facet[data-facet='modality'] a[data-value='{modality}']").ClickAsync();

        Assert.Contains($"modality={Uri.EscapeDataString(modality)}", page.Url, StringComparison.Ordinal);
        var expected = await CatalogueApi.SearchAsync(api, $"q=lung&modality={Uri.EscapeDataString(modality)}");
        Assert.Equal(count, await PortalPage.TotalAsync(page));
        Assert.Equal(Names(expected), await PortalPage.ResultNamesAsync(page));
        Assert.Equal("true", await page.Locator($"section.facet[data-facet='modality'] a[data-value='{modality}']").GetAttributeAsync("aria-current"));

        // The URL alone brings the same state back: a bookmark, a shared link, a reload.
        var again = await browser.NewPageAsync();
        await again.GotoAsync(page.Url);
        Assert.Equal(count, await PortalPage.TotalAsync(again));
        Assert.Equal("lung", await again.GetByLabel("Search the catalogue").InputValueAsync());

        // Choosing it again removes it.
        await again.Locator($"section.facet[data-facet='modality'] a[data-value='{modality}']").ClickAsync();
        Assert.Equal(all, await PortalPage.TotalAsync(again));
    }

    [Fact]
    public async Task Paging_follows_the_APIs_page_tokens_to_the_second_page_and_back()
    {
        using var api = fixture.Platform.CreateApiClient();
        var first = await CatalogueApi.SearchAsync(api, "sort=name&pageSize=10");
        var second = await CatalogueApi.SearchAsync(api, $"sort=name&pageSize=10&pageToken={Uri.EscapeDataString(first.GetProperty("nextPageToken").GetString()!)}");
        var page = await browser.NewPageAsync();
        await page.GotoAsync(new Uri(Portal, "/?sort=name&pageSize=10").ToString());
        Assert.Equal(Names(first), await PortalPage.ResultNamesAsync(page));
        Assert.Equal(0, await page.GetByRole(AriaRole.Link, new() { Name = "Previous page" }).CountAsync());

        await page.GetByRole(AriaRole.Link, new() { Name = "Next page" }).ClickAsync();

        Assert.Contains("pageToken=", page.Url, StringComparison.Ordinal);
        Assert.Equal(Names(second), await PortalPage.ResultNamesAsync(page));
        Assert.DoesNotContain(Names(first)[0], await PortalPage.ResultNamesAsync(page));

        await page.GetByRole(AriaRole.Link, new() { Name = "Previous page" }).ClickAsync();

        Assert.DoesNotContain("pageToken=", page.Url, StringComparison.Ordinal);
        Assert.Equal(Names(first), await PortalPage.ResultNamesAsync(page));
    }

    [Fact]
    public async Task A_dataset_page_shows_its_description_and_versions_and_links_to_its_DCAT_AP()
    {
        using var api = fixture.Platform.CreateApiClient();
        var hit = (await CatalogueApi.SearchAsync(api, "organization=CETIR&pageSize=1")).GetProperty("items")[0];
        var id = hit.GetProperty("id").GetString()!;
        var dataset = JsonDocument.Parse(await api.GetStringAsync($"/api/datasets/{id}")).RootElement;
        var name = dataset.GetProperty("metadata").GetProperty("name").GetString()!;
        var page = await browser.NewPageAsync();
        await page.GotoAsync(new Uri(Portal, "/?organization=CETIR&pageSize=1").ToString());

        await page.GetByRole(AriaRole.Link, new() { Name = name, Exact = true }).ClickAsync();

        Assert.EndsWith($"/datasets/{id}", page.Url, StringComparison.Ordinal);
        Assert.Equal(name, await page.Locator("h1").InnerTextAsync());
        Assert.Equal(Words(dataset.GetProperty("metadata").GetProperty("description").GetString()!), Words(await page.Locator(".description").InnerTextAsync()));
        Assert.Equal([$"Version 1: {name}"], (await page.Locator(".versions li").AllInnerTextsAsync()).Select(v => v.Split(", published")[0]));
        Assert.Contains($"eucaim access request --tenant <your tenant> --dataset {id}:1", await page.Locator(".access").InnerTextAsync(), StringComparison.Ordinal);

        var dcatUrl = new Uri(new Uri(page.Url), await page.Locator("#dcat-link").GetAttributeAsync("href"));
        var dcat = await page.Context.APIRequest.GetAsync(dcatUrl.ToString());
        Assert.Equal(200, dcat.Status);
        Assert.StartsWith("application/ld+json", dcat.Headers["content-type"], StringComparison.Ordinal);
        var document = JsonDocument.Parse(await dcat.TextAsync()).RootElement;
        Assert.Equal("dcat:Dataset", document.GetProperty("@type").GetString());
        Assert.Equal(name, document.GetProperty("dct:title").GetProperty("@value").GetString());
        await PortalChecks.SaveScreenshotAsync(page, "portal-dataset.png");
    }

    [Theory]
    [InlineData("/datasets/6a1f0c52-7d0e-4a57-9a43-000000000000")]
    [InlineData("/datasets/not-a-dataset")]
    public async Task An_unknown_dataset_shows_the_not_found_page(string path)
    {
        var page = await browser.NewPageAsync();

        var response = await page.GotoAsync(new Uri(Portal, path).ToString());

        Assert.Equal(404, response!.Status);
        Assert.Equal("Page not found", await page.Locator("h1").InnerTextAsync());
        Assert.Equal(1, await page.GetByRole(AriaRole.Link, new() { Name = "Search the catalogue" }).CountAsync());
    }

    [Fact]
    public async Task A_filter_value_the_API_refuses_shows_its_message()
    {
        using var api = fixture.Platform.CreateApiClient();
        var refusal = await api.GetAsync("/api/datasets?modality=XYZ");
        var message = JsonDocument.Parse(await refusal.Content.ReadAsStringAsync()).RootElement
            .GetProperty("errors").GetProperty("modality")[0].GetString()!;
        var page = await browser.NewPageAsync();

        var response = await page.GotoAsync(new Uri(Portal, "/?q=lung&modality=XYZ").ToString());

        Assert.Equal(200, response!.Status);
        var alert = await page.GetByRole(AriaRole.Alert).InnerTextAsync();
        Assert.Contains(message, alert, StringComparison.Ordinal);
        Assert.Contains("modality", alert, StringComparison.Ordinal);
    }

    private static string Words(string text) => Regex.Replace(text, @"\s+", " ").Trim();

    private static List<string> Names(JsonElement result) =>
        result.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("name").GetString()!).ToList();

    /// <summary>A key page as a user sees it, into the test output's <c>screenshots/</c>, or the folder <c>EUCAIM_SCREENSHOTS</c> names (docs/images).</summary>
}
