using Eucaim.Platform.Tests.Identity;
using Microsoft.Playwright;

namespace Eucaim.Platform.Tests.Web;

/// <summary>Signing in to the portal the way a person does: the "Sign in" link, then the dev LS Login's user picker.</summary>
public static class PortalSignIn
{
    public static string DisplayName(string login) => SeededUsers.Get(login).GetProperty("name").GetString()!;

    /// <summary>Follows the page's "Sign in" link and picks the seeded user at the provider; returns on the portal page it led back to.</summary>
    public static async Task AsAsync(IPage page, Uri portal, string login)
    {
        await page.GetByRole(AriaRole.Link, new() { Name = "Sign in", Exact = true }).ClickAsync();
        await PickUserAsync(page, portal, login);
    }

    /// <summary>At the provider's sign-in page: picks the user and waits to be back on the portal.</summary>
    public static async Task PickUserAsync(IPage page, Uri portal, string login)
    {
        await page.GetByRole(AriaRole.Button, new() { Name = $"Sign in as {DisplayName(login)}" }).ClickAsync();
        await page.WaitForURLAsync(url => url.StartsWith(portal.GetLeftPart(UriPartial.Authority), StringComparison.Ordinal));
        await Microsoft.Playwright.Assertions.Expect(page.Locator("#signed-in-as")).ToHaveTextAsync(DisplayName(login));
    }
}
