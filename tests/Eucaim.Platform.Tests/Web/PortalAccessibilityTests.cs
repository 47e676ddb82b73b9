using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;

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
        var violations = new List<string>();

        foreach (var path in new[] { "/?q=lung&modality=CT", $"/datasets/{id}", "/?modality=XYZ", "/datasets/not-a-dataset" })
        {
            await page.GotoAsync(new Uri(portal, path).ToString());
            var result = await page.RunAxe(new AxeRunOptions
            {
                RunOnly = new RunOnlyOptions { Type = "tag", Values = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] },
            });
            Assert.NotEmpty(result.Passes); // axe did check the page
            violations.AddRange(result.Violations
                .Where(v => v.Impact is "serious" or "critical")
                .Select(v => $"{path}: {v.Id} ({v.Impact}): {v.Help} at {string.Join(", ", v.Nodes.Select(n => n.Target.ToString()))}"));
        }

        Assert.True(violations.Count == 0, string.Join("\n", violations));
    }
}
