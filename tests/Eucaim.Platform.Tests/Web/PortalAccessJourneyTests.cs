using System.Net.Http.Json;
using System.Text.Json;
using Eucaim.Platform.Tests.Access;
using Eucaim.Platform.Tests.Identity;
using Eucaim.Platform.Tests.Tenants;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Eucaim.Platform.Tests.Web;

/// <summary>
/// The access journeys in a real browser: rita asks for a dataset from its page, kai approves it from his
/// review queue, rita sees the approval; alba creates a tenant with a member and a flavor.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class PortalAccessJourneyTests(PlatformFixture fixture, Browser browser) : IClassFixture<Browser>
{
    private Uri Portal => fixture.Platform.App.GetEndpoint("web", "http");

    [Fact]
    public async Task Rita_requests_access_from_the_dataset_page_and_kai_approves_it_from_his_queue()
    {
        await using var scenario = await AccessScenario.StartAsync(fixture, "tenant-a");
        var title = $"Portal journey {Guid.NewGuid():N}"[..24];
        var dataset = await scenario.PublishAsync($"{title} lung CT");

        // rita: dataset page → request form → her request, sent.
        var rita = await browser.NewPageAsync();
        var console = PortalChecks.RecordConsole(rita);
        await rita.GotoAsync(new Uri(Portal, $"/datasets/{dataset}").ToString());
        await PortalSignIn.AsAsync(rita, Portal, "rita");
        await rita.GetByRole(AriaRole.Link, new() { Name = "Request access to this dataset" }).ClickAsync();
        await Expect(rita.GetByLabel("Tenant")).ToHaveValueAsync("tenant-a");
        await rita.GetByLabel("Title").FillAsync(title);
        await rita.GetByLabel("Purpose").FillAsync("Train a nodule detector and validate it on an external cohort.");
        await rita.GetByLabel("General research use").CheckAsync();
        await rita.GetByLabel("Days of access").FillAsync("30");
        await PortalChecks.AssertAccessibleAsync(rita);
        await PortalChecks.SaveScreenshotAsync(rita, "portal-access-request.png");
        await rita.GetByRole(AriaRole.Button, new() { Name = "Send the request" }).ClickAsync();

        await Expect(rita.GetByRole(AriaRole.Status)).ToContainTextAsync("sent to the access committee");
        await Expect(rita.Locator("#request-status")).ToHaveTextAsync("submitted");
        var requestUrl = rita.Url.Split('?')[0];
        await rita.GetByRole(AriaRole.Link, new() { Name = "My access requests" }).First.ClickAsync();
        await Expect(rita.GetByRole(AriaRole.Link, new() { Name = title })).ToBeVisibleAsync();
        await PortalChecks.AssertAccessibleAsync(rita);

        // kai: review queue → the request → approve with conditions.
        var kai = await browser.NewPageAsync();
        console.AddRange(PortalChecks.RecordConsole(kai));
        await kai.GotoAsync(Portal.ToString());
        await PortalSignIn.AsAsync(kai, Portal, "kai");
        await kai.GetByRole(AriaRole.Link, new() { Name = "Review requests" }).ClickAsync();
        await PortalChecks.AssertAccessibleAsync(kai);
        await kai.GetByRole(AriaRole.Link, new() { Name = title }).First.ClickAsync();
        var item = kai.GetByRole(AriaRole.Region, new() { Name = $"{title} lung CT" });
        await item.GetByLabel("Approve").CheckAsync();
        await item.GetByLabel("Conditions").FillAsync("Cite the dataset in every publication.");
        await PortalChecks.AssertAccessibleAsync(kai);
        await PortalChecks.SaveScreenshotAsync(kai, "portal-review-request.png");
        await item.GetByRole(AriaRole.Button, new() { Name = "Record the decision" }).ClickAsync();

        await Expect(kai.GetByRole(AriaRole.Status)).ToContainTextAsync("decision was recorded");
        await Expect(kai.Locator("#request-status")).ToHaveTextAsync("approved");

        // rita sees the approval, its conditions, and the grant the API made of it.
        await rita.GotoAsync(requestUrl);
        await Expect(rita.Locator("#request-status")).ToHaveTextAsync("approved");
        await Expect(rita.GetByText("conditions: Cite the dataset in every publication.")).ToBeVisibleAsync();
        using var api = await fixture.Platform.CreateApiClientForAsync("rita");
        var grants = await api.GetFromJsonAsync<JsonElement>($"/api/grants?active=true&tenant=tenant-a");
        Assert.Contains(grants.EnumerateArray(), g => g.GetProperty("datasetId").GetGuid() == dataset);
        Assert.True(console.Count == 0, string.Join("\n", console));
    }

    [Fact]
    public async Task A_refused_request_shows_the_APIs_reason_and_keeps_what_was_typed()
    {
        await using var scenario = await AccessScenario.StartAsync(fixture, "tenant-a");
        var dataset = await scenario.PublishAsync($"Portal refusal {Guid.NewGuid():N}"[..24]);
        var rita = await browser.NewPageAsync();
        await rita.GotoAsync(new Uri(Portal, $"/datasets/{dataset}").ToString());
        await PortalSignIn.AsAsync(rita, Portal, "rita");
        await rita.GetByRole(AriaRole.Link, new() { Name = "Request access to this dataset" }).ClickAsync();
        await rita.GetByLabel("Title").FillAsync("No purpose given");
        await rita.GetByLabel("Days of access").FillAsync("30");

        await rita.GetByRole(AriaRole.Button, new() { Name = "Send the request" }).ClickAsync();

        var alert = rita.GetByRole(AriaRole.Alert);
        await Expect(alert).ToContainTextAsync("purpose");
        await Expect(rita.GetByLabel("Title")).ToHaveValueAsync("No purpose given");
        Assert.EndsWith($"/access-requests/new?dataset={dataset}", rita.Url, StringComparison.Ordinal);
        await PortalChecks.AssertAccessibleAsync(rita);
    }

    [Fact]
    public async Task Alba_creates_a_tenant_with_a_member_and_a_flavor()
    {
        using var alba = await fixture.Platform.CreateApiClientForAsync("alba");
        var flavor = $"portal-{Guid.NewGuid():N}"[..14];
        await TenantRequests.EnsureFlavorAsync(alba, flavor, gpus: 0);
        using (var rob = await fixture.Platform.CreateApiClientForAsync("rob"))
        {
            (await rob.GetAsync("/api/me")).EnsureSuccessStatusCode(); // rob has signed in once, so the portal lists him
        }

        var slug = $"portal-{Guid.NewGuid():N}"[..16];
        var page = await browser.NewPageAsync();
        var console = PortalChecks.RecordConsole(page);
        await page.GotoAsync(Portal.ToString());
        await PortalSignIn.AsAsync(page, Portal, "alba");
        await page.GetByRole(AriaRole.Link, new() { Name = "Admin", Exact = true }).ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Tenants", Exact = true }).ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Create a tenant" }).ClickAsync();
        await page.GetByLabel("Short name").FillAsync(slug);
        await page.GetByLabel("Name", new() { Exact = true }).FillAsync("Portal journey lab");
        await page.GetByLabel("Rob de Vries").CheckAsync();
        await page.GetByLabel(flavor).CheckAsync();
        await page.GetByLabel("GPUs").FillAsync("0");
        await PortalChecks.AssertAccessibleAsync(page);
        await PortalChecks.SaveScreenshotAsync(page, "portal-create-tenant.png");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create the tenant" }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync($"Tenant {slug} created");
        var row = page.Locator($"tr[data-tenant='{slug}']");
        await Expect(row).ToContainTextAsync("Portal journey lab");
        await Expect(row).ToContainTextAsync(flavor);
        await PortalChecks.AssertAccessibleAsync(page);

        var tenant = await alba.GetFromJsonAsync<JsonElement>($"/api/tenants/{slug}");
        Assert.Equal([SeededUsers.Subject("rob")], TenantRequests.Strings(tenant, "members"));
        Assert.Equal([flavor], TenantRequests.Strings(tenant, "allowedFlavors"));
        Assert.Equal(0, tenant.GetProperty("quota").GetProperty("gpus").GetInt32());
        Assert.True(console.Count == 0, string.Join("\n", console));
        (await alba.DeleteAsync($"/api/tenants/{slug}")).EnsureSuccessStatusCode();
    }
}
