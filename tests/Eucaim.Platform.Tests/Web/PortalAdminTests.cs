using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Eucaim.Platform.Tests.Access;
using Eucaim.Platform.Tests.Tenants;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Eucaim.Platform.Tests.Web;

/// <summary>
/// The admin area in a real browser: alba edits, suspends and resumes a tenant, manages flavors and job
/// images, reads the platform's health checks and a dataset's audit history with the chain verified;
/// a researcher is refused at every admin address.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class PortalAdminTests(PlatformFixture fixture, Browser browser) : IClassFixture<Browser>
{
    private static readonly string[] AdminAddresses =
        ["/admin", "/admin/tenants/tenant-a", "/admin/flavors", "/admin/flavors/new", "/admin/job-images", "/admin/users", "/admin/status", "/audit"];

    private Uri Portal => fixture.Platform.App.GetEndpoint("web", "http");

    [Fact]
    public async Task Alba_adds_a_member_and_a_flavor_changes_the_quota_then_suspends_and_resumes_the_tenant()
    {
        using var alba = await fixture.Platform.CreateApiClientForAsync("alba");
        var flavor = $"edit-{Guid.NewGuid():N}"[..12];
        await TenantRequests.EnsureFlavorAsync(alba, flavor, gpus: 0);
        string rob;
        using (var robClient = await fixture.Platform.CreateApiClientForAsync("rob"))
        {
            rob = (await robClient.GetFromJsonAsync<JsonElement>("/api/me")).GetProperty("subject").GetString()!;
        }

        var slug = $"admin-{Guid.NewGuid():N}"[..14];
        await TenantRequests.ReadAsync(await alba.PostAsJsonAsync("/api/tenants", TenantRequests.Tenant(slug, "Portal edit lab")), HttpStatusCode.Created);

        var page = await browser.NewPageAsync();
        await page.GotoAsync(Portal.ToString());
        await PortalSignIn.AsAsync(page, Portal, "alba");
        var console = PortalChecks.RecordConsole(page); // from here: the sign-in pages are PortalSignInTests' concern
        await page.GetByRole(AriaRole.Link, new() { Name = "Admin", Exact = true }).ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Tenants", Exact = true }).ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Portal edit lab" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Portal edit lab", Level = 1 })).ToBeVisibleAsync();
        await Expect(page.Locator("#tenant-state")).ToHaveTextAsync("active");

        await page.GetByLabel("Rob de Vries").CheckAsync();
        await page.GetByLabel(flavor).CheckAsync();
        await page.GetByLabel("CPU cores").FillAsync("12");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save the tenant" }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Saved");
        await Expect(page.GetByLabel("Rob de Vries")).ToBeCheckedAsync();
        await Expect(page.GetByLabel(flavor)).ToBeCheckedAsync();
        await Expect(page.GetByLabel("CPU cores")).ToHaveValueAsync("12");
        await Expect(page.Locator("#events")).ToBeVisibleAsync();
        var saved = await TenantRequests.ReadAsync(await alba.GetAsync($"/api/tenants/{slug}"), HttpStatusCode.OK);
        Assert.Contains(rob, TenantRequests.Strings(saved, "members"));
        Assert.Contains(flavor, TenantRequests.Strings(saved, "allowedFlavors"));
        Assert.Equal(12, saved.GetProperty("quota").GetProperty("cpuCores").GetInt32());
        Assert.Equal(64, saved.GetProperty("quota").GetProperty("memoryGib").GetInt32()); // the rest of the desired state sent back unchanged
        await PortalChecks.AssertAccessibleAsync(page);
        await PortalChecks.SaveScreenshotAsync(page, "portal-admin-tenant.png");

        await page.GetByRole(AriaRole.Link, new() { Name = "Suspend…" }).ClickAsync();
        var confirm = page.GetByRole(AriaRole.Region, new() { Name = $"Suspend {slug}?" });
        await PortalChecks.AssertAccessibleAsync(page);
        await confirm.GetByRole(AriaRole.Button, new() { Name = "Suspend the tenant" }).ClickAsync();
        await Expect(page.Locator("#tenant-state")).ToHaveTextAsync("suspended");
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Suspended");

        await page.GetByRole(AriaRole.Link, new() { Name = "Resume…" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Resume the tenant" }).ClickAsync();
        await Expect(page.Locator("#tenant-state")).ToHaveTextAsync("active");
        Assert.Equal("active", (await TenantRequests.ReadAsync(await alba.GetAsync($"/api/tenants/{slug}"), HttpStatusCode.OK)).GetProperty("state").GetString());
        Assert.True(console.Count == 0, string.Join("\n", console));
    }

    [Fact]
    public async Task Deleting_a_tenant_needs_its_short_name_typed()
    {
        using var alba = await fixture.Platform.CreateApiClientForAsync("alba");
        var slug = $"admin-{Guid.NewGuid():N}"[..14];
        await TenantRequests.ReadAsync(await alba.PostAsJsonAsync("/api/tenants", TenantRequests.Tenant(slug, "Portal delete lab")), HttpStatusCode.Created);
        var page = await browser.NewPageAsync();
        await page.GotoAsync(Portal.ToString());
        await PortalSignIn.AsAsync(page, Portal, "alba");
        await page.GotoAsync(new Uri(Portal, $"/admin/tenants/{slug}").ToString());

        await page.GetByRole(AriaRole.Link, new() { Name = "Delete…" }).ClickAsync();
        await page.GetByLabel("Type the short name").FillAsync("not-it");
        await page.GetByRole(AriaRole.Button, new() { Name = "Delete the tenant" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync($"Type the short name '{slug}'");
        Assert.NotEqual("deleting", (await TenantRequests.ReadAsync(await alba.GetAsync($"/api/tenants/{slug}"), HttpStatusCode.OK)).GetProperty("state").GetString());

        await page.GetByLabel("Type the short name").FillAsync(slug);
        await page.GetByRole(AriaRole.Button, new() { Name = "Delete the tenant" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync($"{slug} is being deleted");
        var after = await alba.GetAsync($"/api/tenants/{slug}");
        Assert.True(after.StatusCode == HttpStatusCode.NotFound
            || (await after.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("state").GetString() == "deleting");
    }

    [Fact]
    public async Task Alba_creates_a_flavor_after_a_clear_refusal_and_cannot_delete_one_in_use()
    {
        var name = $"pf-{Guid.NewGuid():N}"[..12];
        var page = await browser.NewPageAsync();
        await page.GotoAsync(Portal.ToString());
        await PortalSignIn.AsAsync(page, Portal, "alba");
        var console = PortalChecks.RecordConsole(page); // from here: the sign-in pages are PortalSignInTests' concern
        await page.GotoAsync(new Uri(Portal, "/admin").ToString());
        await page.GetByRole(AriaRole.Link, new() { Name = "Flavors", Exact = true }).ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Create a flavor" }).ClickAsync();
        await page.GetByLabel("Flavor name").FillAsync(name);
        await page.GetByLabel("GPUs", new() { Exact = true }).FillAsync("1"); // and no GPU type
        await page.GetByRole(AriaRole.Button, new() { Name = "Create the flavor" }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("gpuType is required when gpuCount is positive");
        await Expect(page.GetByLabel("Flavor name")).ToHaveValueAsync(name);
        await PortalChecks.AssertAccessibleAsync(page);
        await page.GetByLabel("GPU type").FillAsync("NVIDIA-A100-SXM4-80GB");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create the flavor" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync($"Flavor {name} created");
        await Expect(page.Locator($"tr[data-flavor='{name}']")).ToContainTextAsync("1 × NVIDIA-A100-SXM4-80GB");

        // In use by a tenant: the API refuses to delete it, and the page says why.
        using var alba = await fixture.Platform.CreateApiClientForAsync("alba");
        var slug = $"admin-{Guid.NewGuid():N}"[..14];
        await TenantRequests.ReadAsync(await alba.PostAsJsonAsync("/api/tenants", TenantRequests.Tenant(slug, allowedFlavors: [name])), HttpStatusCode.Created);
        await page.ReloadAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = $"Delete {name}" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("allowed by 1 tenant(s)");
        await Expect(page.Locator($"tr[data-flavor='{name}']")).ToContainTextAsync(slug);
        Assert.Equal(HttpStatusCode.OK, (await alba.GetAsync($"/api/flavors/{name}")).StatusCode);
        await PortalChecks.AssertAccessibleAsync(page);
        Assert.True(console.Count == 0, string.Join("\n", console));
    }

    [Fact]
    public async Task Alba_allow_lists_a_job_image_and_removes_it()
    {
        var reference = $"registry.example.org/portal/{Guid.NewGuid():N}:1.0";
        var page = await browser.NewPageAsync();
        await page.GotoAsync(Portal.ToString());
        await PortalSignIn.AsAsync(page, Portal, "alba");
        var console = PortalChecks.RecordConsole(page); // from here: the sign-in pages are PortalSignInTests' concern
        await page.GotoAsync(new Uri(Portal, "/admin/job-images").ToString());
        await page.GetByLabel("Image reference").FillAsync(reference);
        await page.GetByLabel("Digest").FillAsync("sha256:not-a-digest");
        await page.GetByRole(AriaRole.Button, new() { Name = "Add the image" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("digest must be sha256:");

        await page.GetByLabel("Digest").FillAsync("sha256:" + new string('a', 64));
        await page.GetByRole(AriaRole.Button, new() { Name = "Add the image" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync($"Image {reference} added");
        await Expect(page.Locator($"tr[data-image='{reference}']")).ToBeVisibleAsync();
        await PortalChecks.AssertAccessibleAsync(page);

        await page.GetByRole(AriaRole.Button, new() { Name = $"Remove {reference}" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync($"Image {reference} removed");
        await Expect(page.Locator($"tr[data-image='{reference}']")).ToHaveCountAsync(0);
        Assert.True(console.Count == 0, string.Join("\n", console));
    }

    [Fact]
    public async Task The_people_page_lists_who_has_signed_in_with_their_tenants()
    {
        using var alba = await fixture.Platform.CreateApiClientForAsync("alba");
        string rob;
        using (var robClient = await fixture.Platform.CreateApiClientForAsync("rob"))
        {
            rob = (await robClient.GetFromJsonAsync<JsonElement>("/api/me")).GetProperty("subject").GetString()!;
        }

        var slug = $"admin-{Guid.NewGuid():N}"[..14];
        await TenantRequests.ReadAsync(await alba.PostAsJsonAsync("/api/tenants", TenantRequests.Tenant(slug, members: [rob])), HttpStatusCode.Created);
        var page = await browser.NewPageAsync();
        await page.GotoAsync(Portal.ToString());
        await PortalSignIn.AsAsync(page, Portal, "alba");
        await page.GotoAsync(new Uri(Portal, "/admin/users").ToString());

        var row = page.Locator($"tr[data-subject='{rob}']");
        await Expect(row).ToContainTextAsync("Rob de Vries");
        await Expect(row.GetByRole(AriaRole.Link, new() { Name = slug })).ToBeVisibleAsync();
        await PortalChecks.AssertAccessibleAsync(page);
    }

    [Fact]
    public async Task The_status_page_shows_each_health_check_with_its_state()
    {
        var page = await browser.NewPageAsync();
        await page.GotoAsync(Portal.ToString());
        await PortalSignIn.AsAsync(page, Portal, "alba");
        var console = PortalChecks.RecordConsole(page); // from here: the sign-in pages are PortalSignInTests' concern
        await page.GotoAsync(new Uri(Portal, "/admin").ToString());
        await page.GetByRole(AriaRole.Link, new() { Name = "Platform status" }).ClickAsync();

        var api = page.Locator("#api-health");
        await Expect(api.GetByRole(AriaRole.Heading)).ToContainTextAsync("Healthy");
        foreach (var check in new[] { "database-schema", "blob-storage", "self" })
        {
            await Expect(api.Locator($"tr[data-check='{check}'] .status")).ToHaveTextAsync("Healthy");
        }

        await Expect(page.Locator("#portal-health tr[data-check='self'] .status")).ToHaveTextAsync("Healthy");
        await PortalChecks.AssertAccessibleAsync(page);
        await PortalChecks.SaveScreenshotAsync(page, "portal-status.png");
        Assert.True(console.Count == 0, string.Join("\n", console));
    }

    [Theory]
    [InlineData("alba")]
    [InlineData("kai")] // the access committee answers for who got access to what
    public async Task The_audit_view_shows_a_datasets_history_and_the_chain_verified(string login)
    {
        await using var scenario = await AccessScenario.StartAsync(fixture, "tenant-a");
        var title = $"Audit view {Guid.NewGuid():N}"[..20];
        var dataset = await scenario.PublishAsync(title);
        var page = await browser.NewPageAsync();
        await page.GotoAsync(Portal.ToString());
        await PortalSignIn.AsAsync(page, Portal, login);
        var console = PortalChecks.RecordConsole(page); // from here: the sign-in pages are PortalSignInTests' concern
        await page.GetByRole(AriaRole.Link, new() { Name = "Audit", Exact = true }).ClickAsync();
        await page.GetByLabel("Dataset").FillAsync(dataset.ToString());
        await page.GetByRole(AriaRole.Button, new() { Name = "Show the history" }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = $"History of {title}" })).ToBeVisibleAsync();
        await Expect(page.Locator("#audit-entries tbody tr").First).ToBeVisibleAsync();
        await Expect(page.Locator("#audit-entries")).ToContainTextAsync("dataset.");
        await page.GetByRole(AriaRole.Button, new() { Name = "Verify the hash chain" }).ClickAsync();

        await Expect(page.Locator("#chain-result")).ToContainTextAsync("Chain verified");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = $"History of {title}" })).ToBeVisibleAsync(); // the history stays beside the result
        await PortalChecks.AssertAccessibleAsync(page);
        if (login == "kai")
        {
            await PortalChecks.SaveScreenshotAsync(page, "portal-audit.png");
        }
        Assert.True(console.Count == 0, string.Join("\n", console));
    }

    [Fact]
    public async Task A_researcher_is_not_allowed_at_any_admin_address()
    {
        var page = await browser.NewPageAsync();
        await page.GotoAsync(Portal.ToString());
        await PortalSignIn.AsAsync(page, Portal, "rita");
        var nav = page.GetByRole(AriaRole.Navigation, new() { Name = "Main" });
        await Expect(nav.GetByRole(AriaRole.Link, new() { Name = "Audit" })).ToHaveCountAsync(0);

        foreach (var address in AdminAddresses)
        {
            var response = await page.GotoAsync(new Uri(Portal, address).ToString());
            Assert.True(response!.Status == 403, $"{address} answered {response.Status}");
            await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Not allowed" })).ToBeVisibleAsync();
        }
    }
}
