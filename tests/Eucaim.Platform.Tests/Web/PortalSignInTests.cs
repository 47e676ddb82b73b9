using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Eucaim.Platform.Tests.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Eucaim.Platform.Tests.Web;

/// <summary>
/// Signing in to the portal with the dev LS Login: each role sees what it may do and nothing else, a
/// direct address outside the role answers "not allowed", tokens stay on the server, signing out ends
/// the session at the provider too.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class PortalSignInTests(PlatformFixture fixture, Browser browser) : IClassFixture<Browser>
{
    private static readonly string[] RoleMenus =
        ["Federated search", "Federated runs", "Federated trainings", "My access requests", "My tenants", "Jobs", "Exports", "Review requests", "Airlock", "Audit", "Admin", "My datasets"];

    private Uri Portal => fixture.Platform.App.GetEndpoint("web", "http");

    [Theory]
    [InlineData("rita", "Federated search|Federated runs|Federated trainings|My access requests|My tenants|Jobs|Exports", "researcher")]
    [InlineData("kai", "Review requests|Airlock|Audit", "access committee member")]
    [InlineData("alba", "Admin|Audit", "platform administrator")]
    [InlineData("hugo", "My datasets", "data holder")]
    public async Task Each_role_sees_its_own_menu_and_none_of_the_others(string login, string menus, string roleName)
    {
        var page = await browser.NewPageAsync();
        var console = PortalChecks.RecordConsole(page);
        await page.GotoAsync(Portal.ToString());

        await PortalSignIn.AsAsync(page, Portal, login);

        var nav = page.GetByRole(AriaRole.Navigation, new() { Name = "Main" });
        var mine = menus.Split('|');
        foreach (var menu in mine)
        {
            await Expect(nav.GetByRole(AriaRole.Link, new() { Name = menu, Exact = true })).ToBeVisibleAsync();
        }

        foreach (var other in RoleMenus.Except(mine))
        {
            await Expect(nav.GetByRole(AriaRole.Link, new() { Name = other, Exact = true })).ToHaveCountAsync(0);
        }

        await page.GetByRole(AriaRole.Link, new() { Name = PortalSignIn.DisplayName(login) }).ClickAsync();
        await Expect(page.Locator("#roles")).ToHaveTextAsync(roleName);
        await PortalChecks.AssertAccessibleAsync(page);
        Assert.True(console.Count == 0, string.Join("\n", console));
    }

    [Fact]
    public async Task A_researcher_at_an_admin_address_gets_the_not_allowed_page()
    {
        var page = await browser.NewPageAsync();
        await page.GotoAsync(Portal.ToString());
        await PortalSignIn.AsAsync(page, Portal, "rita");

        var response = await page.GotoAsync(new Uri(Portal, "/admin/tenants").ToString());

        Assert.Equal(403, response!.Status);
        Assert.EndsWith("/admin/tenants", page.Url, StringComparison.Ordinal); // the address stays what was asked for
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Not allowed" })).ToBeVisibleAsync();
        await Expect(page.GetByText("signed in as Rita Rossi (researcher)")).ToBeVisibleAsync();
        await PortalChecks.AssertAccessibleAsync(page);
        await PortalChecks.SaveScreenshotAsync(page, "portal-not-allowed.png");
    }

    [Fact]
    public async Task An_admin_address_opened_signed_out_leads_through_sign_in_back_to_it()
    {
        var page = await browser.NewPageAsync();

        await page.GotoAsync(new Uri(Portal, "/admin/tenants").ToString());
        Assert.StartsWith(fixture.Platform.App.GetEndpoint("lslogin", "http").GetLeftPart(UriPartial.Authority), page.Url, StringComparison.Ordinal);
        await PortalSignIn.PickUserAsync(page, Portal, "alba");

        Assert.Equal(new Uri(Portal, "/admin/tenants").ToString(), page.Url);
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Tenants", Level = 1 })).ToBeVisibleAsync();
    }

    [Fact]
    public async Task The_browser_holds_no_token_only_a_session_key()
    {
        var page = await browser.NewPageAsync();
        await page.GotoAsync(Portal.ToString());
        await PortalSignIn.AsAsync(page, Portal, "kai");

        var cookies = await page.Context.CookiesAsync([Portal.ToString()]);
        var session = Assert.Single(cookies, c => c.Name.StartsWith("eucaim.session", StringComparison.Ordinal));
        Assert.True(session.HttpOnly);
        // A ticket carrying an access, refresh and ID token is several kilobytes (and split into chunks);
        // the protected key to a server-side session is a few hundred bytes.
        Assert.True(session.Value.Length < 600, $"the session cookie is {session.Value.Length} characters: it carries more than a key");
        Assert.DoesNotMatch(@"eyJ[\w-]+\.eyJ[\w-]+\.", await page.ContentAsync()); // no JWT in the page either
    }

    [Fact]
    public async Task An_access_token_near_its_expiry_is_refreshed_once_by_the_portal_and_pages_keep_working()
    {
        // The dev provider gives the portal 75-second access tokens; the portal refreshes a minute before expiry.
        using var watching = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var refreshes = new LogLineCounter();
        var watcher = CountLsLoginLinesAsync($"grant refresh_token client=eucaim-portal sub={SeededUsers.Subject("rita")}", refreshes, watching.Token);
        var page = await browser.NewPageAsync();
        await page.GotoAsync(new Uri(Portal, "/access-requests").ToString());
        await PortalSignIn.PickUserAsync(page, Portal, "rita");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "My access requests" })).ToBeVisibleAsync();

        await Task.Delay(TimeSpan.FromSeconds(16)); // the token is now within a minute of its expiry
        var before = refreshes.Count;
        var response = await page.ReloadAsync();

        Assert.Equal(200, response!.Status);
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "My access requests" })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Alert)).ToHaveCountAsync(0); // the API answered the page's call with the new token
        await Expect(page.Locator("#signed-in-as")).ToHaveTextAsync("Rita Rossi");
        while (refreshes.Count == before)
        {
            await Task.Delay(100, watching.Token);
        }

        // The page and its style sheet both found the token expiring; one of them refreshed it, the other took its answer.
        Assert.Equal(before + 1, refreshes.Count);
        await watching.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => watcher);
    }

    [Fact]
    public async Task Signing_out_ends_the_session_here_and_at_LS_Login()
    {
        using var watching = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var revocations = new LogLineCounter();
        var watcher = CountLsLoginLinesAsync("POST /token/revocation 200", revocations, watching.Token);
        var page = await browser.NewPageAsync();
        var console = PortalChecks.RecordConsole(page);
        await page.GotoAsync(Portal.ToString());
        await PortalSignIn.AsAsync(page, Portal, "alba");
        var lsLogin = fixture.Platform.App.GetEndpoint("lslogin", "http").GetLeftPart(UriPartial.Authority);
        var before = revocations.Count;

        await page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();

        // LS Login's own end-session page: the provider's session ends there, not only the portal's.
        await page.WaitForURLAsync(url => url.StartsWith(lsLogin, StringComparison.Ordinal));
        await page.GetByRole(AriaRole.Button, new() { Name = "Yes, sign me out" }).ClickAsync();
        await page.WaitForURLAsync(url => url.StartsWith(Portal.GetLeftPart(UriPartial.Authority), StringComparison.Ordinal));
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Sign in", Exact = true })).ToBeVisibleAsync();
        Assert.DoesNotContain(await page.Context.CookiesAsync([Portal.ToString()]), c => c.Name.StartsWith("eucaim.session", StringComparison.Ordinal));

        // Signed out, the admin page asks for a sign-in again.
        await page.GotoAsync(new Uri(Portal, "/admin/tenants").ToString());
        Assert.StartsWith(lsLogin, page.Url, StringComparison.Ordinal);
        Assert.True(console.Count == 0, string.Join("\n", console));

        // The session's refresh token was revoked at LS Login before the portal forgot it.
        while (revocations.Count == before)
        {
            await Task.Delay(100, watching.Token);
        }

        await watching.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => watcher);
    }

    /// <summary>Counts the dev LS Login's log lines containing <paramref name="text"/> (those before the call included) until cancelled.</summary>
    private async Task CountLsLoginLinesAsync(string text, LogLineCounter counter, CancellationToken cancellationToken)
    {
        var services = fixture.Platform.App.Services;
        // By the resource, not its name: the logs are kept under the resource's instance id.
        var lsLogin = services.GetRequiredService<DistributedApplicationModel>().Resources.Single(r => r.Name == "lslogin");
        await foreach (var batch in services.GetRequiredService<ResourceLoggerService>().WatchAsync(lsLogin).WithCancellation(cancellationToken))
        {
            counter.Add(batch.Count(line => line.Content.Contains(text, StringComparison.Ordinal)));
        }
    }

    private sealed class LogLineCounter
    {
        private int _count;

        public int Count => Volatile.Read(ref _count);

        public void Add(int lines) => Interlocked.Add(ref _count, lines);
    }
}
