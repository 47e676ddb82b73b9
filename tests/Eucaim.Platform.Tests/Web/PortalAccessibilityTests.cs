namespace Eucaim.Platform.Tests.Web;

/// <summary>
/// Each public page checked with axe-core (WCAG 2.1 A and AA rules): no serious or critical violation.
/// axe runs through Playwright's evaluation, which the portal's no-script policy does not apply to.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class PortalAccessibilityTests(PlatformFixture fixture, Browser browser) : IClassFixture<Browser>
{
    [Fact]
    public async Task The_search_dataset_refusal_and_not_found_pages_have_no_serious_accessibility_violation()
    {
        using var api = fixture.Platform.CreateApiClient();
        var id = (await Catalogue.CatalogueApi.SearchAsync(api, "q=lung&pageSize=1")).GetProperty("items")[0].GetProperty("id").GetString();
        var portal = fixture.Platform.App.GetEndpoint("web", "http");
        var page = await browser.NewPageAsync();
        foreach (var path in new[] { "/?q=lung&modality=CT", $"/datasets/{id}", "/?modality=XYZ", "/datasets/not-a-dataset" })
        {
            await page.GotoAsync(new Uri(portal, path).ToString());
            await PortalChecks.AssertAccessibleAsync(page);
        }
    }
}
