using Microsoft.Playwright;

namespace Eucaim.Platform.Tests.Web;

/// <summary>What the catalogue page shows, read the way a user reads it: result names, the count, the facets' links.</summary>
public static class PortalPage
{
    public static async Task<int> TotalAsync(IPage page) =>
        int.Parse(await page.Locator("#result-count").GetAttributeAsync("data-total") ?? "-1", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The result names once the page has loaded: reading right after a click would see a page still arriving.</summary>
    public static async Task<IReadOnlyList<string>> ResultNamesAsync(IPage page)
    {
        await page.WaitForLoadStateAsync();
        return await page.Locator(".result h3 a").AllInnerTextsAsync();
    }

    /// <summary>Each facet's listed values with their counts, as the page's filter links carry them.</summary>
    public static async Task<Dictionary<string, int>> FacetAsync(IPage page, string facet)
    {
        await page.WaitForLoadStateAsync();
        var links = page.Locator($"section.facet[data-facet='{facet}'] a");
        var counts = new Dictionary<string, int>();
        for (var i = 0; i < await links.CountAsync(); i++)
        {
            var link = links.Nth(i);
            var count = int.Parse((await link.Locator(".count").InnerTextAsync()).Trim(), System.Globalization.CultureInfo.InvariantCulture);
            if (count > 0)
            {
                counts[(await link.Locator(".value").InnerTextAsync()).Trim()] = count;
            }
        }

        return counts;
    }
}
