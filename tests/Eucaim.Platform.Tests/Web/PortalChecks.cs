using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;

namespace Eucaim.Platform.Tests.Web;

/// <summary>What every portal page of a journey must hold, and its screenshots for docs/.</summary>
public static class PortalChecks
{
    /// <summary>axe-core with the WCAG 2.1 A and AA rules finds no serious or critical violation on the page as it is now.</summary>
    public static async Task AssertAccessibleAsync(IPage page)
    {
        var result = await page.RunAxe(new AxeRunOptions
        {
            RunOnly = new RunOnlyOptions { Type = "tag", Values = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] },
        });
        Assert.NotEmpty(result.Passes); // axe did check the page
        var violations = result.Violations
            .Where(v => v.Impact is "serious" or "critical")
            .Select(v => $"{page.Url}: {v.Id} ({v.Impact}): {v.Help} at {string.Join(", ", v.Nodes.Select(n => n.Target.ToString()))}")
            .ToList();
        Assert.True(violations.Count == 0, string.Join("\n", violations));
    }

    /// <summary>Collects what the page writes to the console (policy violations, script errors); a journey ends asserting none.</summary>
    public static List<string> RecordConsole(IPage page)
    {
        var messages = new List<string>();
        page.Console += (_, message) =>
        {
            // The browser's own favicon request (a 404 at the portal and at the dev provider) is no page's doing, and whether
            // its message arrives before the next navigation is a matter of timing. Location is URL:line:column.
            if (message.Type is "error" or "warning" && !message.Location.Contains("/favicon.ico:", StringComparison.Ordinal))
            {
                // The location names the resource a "Failed to load resource" message is about.
                messages.Add($"{page.Url}: {message.Text} ({message.Location})");
            }
        };
        return messages;
    }

    public static async Task SaveScreenshotAsync(IPage page, string name)
    {
        var folder = Environment.GetEnvironmentVariable("EUCAIM_SCREENSHOTS") is { Length: > 0 } wanted
            ? wanted
            : Path.Combine(AppContext.BaseDirectory, "screenshots");
        Directory.CreateDirectory(folder);
        await page.ScreenshotAsync(new() { Path = Path.Combine(folder, name) });
    }
}
