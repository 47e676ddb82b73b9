using Microsoft.Playwright;

namespace Eucaim.Platform.Tests.Web;

/// <summary>
/// One headless Chromium per test class (launching it is the slow part), each test in a context of its own.
/// Debian's Chromium, not Playwright's download, which cannot be reached here (<c>apt-get install chromium</c>; ./dev test installs it).
/// </summary>
public sealed class Browser : IAsyncLifetime
{
    public const string ExecutablePath = "/usr/bin/chromium";

    private IPlaywright? _playwright;

    public IBrowser Chromium { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Assert.True(File.Exists(ExecutablePath), $"{ExecutablePath} is missing: apt-get install chromium (./dev test installs it).");
        _playwright = await Playwright.CreateAsync();
        Chromium = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ExecutablePath,
            Headless = true,
            // CI runs as root, where Chromium refuses its sandbox.
            Args = ["--no-sandbox"],
        });
    }

    /// <summary>A fresh page: no cookies, no cache, a laptop-sized window.</summary>
    public async Task<IPage> NewPageAsync()
    {
        var context = await Chromium.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1280, Height = 900 } });
        return await context.NewPageAsync();
    }

    public async Task DisposeAsync()
    {
        if (Chromium is not null)
        {
            await Chromium.DisposeAsync();
        }

        _playwright?.Dispose();
    }
}
