using System.Text.Json;
using Eucaim.Platform.Tests.Ingest;
using Microsoft.Playwright;

namespace Eucaim.Platform.Tests.Web;

/// <summary>
/// The portal's relay to the API (<c>/relay/…</c>), which its browser scripts use: the signed-in person's
/// token is added on the server, only listed paths pass, changes need the relay header, the API's own
/// addresses come back as relay addresses.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class PortalRelayTests(PlatformFixture fixture, Browser browser) : IClassFixture<Browser>
{
    private Uri Portal => fixture.Platform.App.GetEndpoint("web", "http");

    [Fact]
    public async Task A_data_holders_tus_upload_is_created_read_and_ended_through_the_relay_with_their_identity()
    {
        using var hugo = await fixture.Platform.CreateApiClientForAsync("hugo");
        var dataset = await IngestRequests.CreateDraftAsync(hugo, $"Relay {Guid.NewGuid():N}");
        var page = await browser.NewPageAsync();
        await page.GotoAsync(Portal.ToString());
        await PortalSignIn.AsAsync(page, Portal, "hugo");
        var http = page.Context.APIRequest;
        var tus = new Dictionary<string, string>
        {
            ["Tus-Resumable"] = "1.0.0",
            ["Upload-Length"] = "1024",
            ["Upload-Metadata"] = IngestRequests.Metadata(("dataset", dataset.ToString()), ("filename", "series.zip")),
        };

        var refused = await http.PostAsync(new Uri(Portal, "/relay/api/uploads").ToString(), new() { Headers = tus, MaxRedirects = 0 });
        Assert.Equal(400, refused.Status);
        Assert.Contains("X-Eucaim-Relay", await refused.TextAsync(), StringComparison.Ordinal);

        var created = await http.PostAsync(new Uri(Portal, "/relay/api/uploads").ToString(), new()
        {
            Headers = new Dictionary<string, string>(tus) { ["X-Eucaim-Relay"] = "1" },
            MaxRedirects = 0,
        });
        Assert.Equal(201, created.Status);
        var location = created.Headers["location"];
        Assert.StartsWith("/relay/api/uploads/", location, StringComparison.Ordinal);

        var head = await http.HeadAsync(new Uri(Portal, location).ToString(), new() { Headers = new Dictionary<string, string> { ["Tus-Resumable"] = "1.0.0" } });
        Assert.Equal(200, head.Status);
        Assert.Equal("0", head.Headers["upload-offset"]);
        Assert.Equal("1024", head.Headers["upload-length"]);
        // The API saw hugo: the upload is his organization's, readable by him directly.
        var id = location.Split('/')[^1];
        using var direct = await hugo.GetAsync($"/api/uploads/{id}");
        Assert.True(direct.IsSuccessStatusCode, $"hugo reads the upload the relay created: {(int)direct.StatusCode}");

        var ended = await http.DeleteAsync(new Uri(Portal, location).ToString(), new()
        {
            Headers = new Dictionary<string, string> { ["Tus-Resumable"] = "1.0.0", ["X-Eucaim-Relay"] = "1" },
        });
        Assert.Equal(204, ended.Status);
    }

    [Fact]
    public async Task Paths_the_relay_does_not_list_are_not_found_and_a_signed_out_call_is_401()
    {
        var page = await browser.NewPageAsync();
        await page.GotoAsync(Portal.ToString());
        var signedOut = await page.Context.APIRequest.GetAsync(new Uri(Portal, $"/relay/api/jobs/{Guid.NewGuid()}").ToString(), new() { MaxRedirects = 0 });
        Assert.Equal(401, signedOut.Status);

        await PortalSignIn.AsAsync(page, Portal, "alba");
        var unlisted = await page.Context.APIRequest.GetAsync(new Uri(Portal, "/relay/api/tenants").ToString(), new() { MaxRedirects = 0 });
        Assert.Equal(404, unlisted.Status);
        var job = await page.Context.APIRequest.GetAsync(new Uri(Portal, $"/relay/api/jobs/{Guid.NewGuid()}").ToString(), new() { MaxRedirects = 0 });
        Assert.Equal(404, job.Status);
        Assert.Equal("Not reachable through the portal.", JsonDocument.Parse(await unlisted.TextAsync()).RootElement.GetProperty("title").GetString());
        // The API's own answer, through the relay.
        Assert.Equal("application/problem+json", job.Headers["content-type"].Split(';')[0]);
        Assert.NotEqual("Not reachable through the portal.", JsonDocument.Parse(await job.TextAsync()).RootElement.GetProperty("title").GetString());
    }
}
