using System.Net;
using System.Net.Http.Json;
using Eucaim.Platform.Tests.Catalogue;
using static Eucaim.Platform.Tests.Access.AccessTestApi;

namespace Eucaim.Platform.Tests.Access;

/// <summary>Bad requests get a 400 or 404 naming the reason, and store nothing.</summary>
[Collection(PlatformCollection.Name)]
public sealed class AccessRequestValidationTests(PlatformFixture fixture)
{
    private PlatformRun Platform => fixture.Platform;

    [Fact]
    public async Task Bad_requests_are_refused_with_the_reason_and_nothing_is_stored()
    {
        await using var scenario = await AccessScenario.StartAsync(fixture, "tenant-a", "tenant-b");
        var hugo = await scenario.UserAsync("hugo");
        var rita = await scenario.UserAsync("rita");
        var published = await scenario.PublishAsync("Validation cohort");
        var (draft, _) = await CatalogueApi.ReadAsync(
            await CatalogueApi.SendAsync(hugo, HttpMethod.Post, "/api/datasets", CatalogueApi.Metadata("Validation draft", Hm)), HttpStatusCode.Created);
        scenario.Datasets.Track(draft.GetProperty("id").GetGuid());
        var invalidated = await scenario.PublishAsync("Validation withdrawn cohort");
        await CatalogueApi.ReadAsync(await CatalogueApi.SendAsync(hugo, HttpMethod.Post, $"/api/datasets/{invalidated}/invalidate", new { reason = "Consent withdrawn." }), HttpStatusCode.OK);
        var before = (await ReadAsync(await rita.GetAsync("/api/access-requests?limit=200"), HttpStatusCode.OK)).GetArrayLength();

        Assert.Equal(["purpose"], await FieldsAsync(rita, With(Request("tenant-a", 10, published), "purpose", "   ")));
        Assert.Equal(["title"], await FieldsAsync(rita, With(Request("tenant-a", 10, published), "title", "")));
        var tooLong = await rita.PostAsJsonAsync("/api/access-requests", Request("tenant-a", 100_000, published));
        var problem = await ReadAsync(tooLong, HttpStatusCode.BadRequest);
        Assert.Contains("platform maximum of 730 days", problem.GetProperty("errors").GetProperty("requestedDays")[0].GetString());
        Assert.Equal(["requestedDays"], await FieldsAsync(rita, Request("tenant-a", 0, published)));
        Assert.Equal(["duoCodes"], await FieldsAsync(rita, With(Request("tenant-a", 10, published), "duoCodes", new[] { "GRU" })));
        Assert.Equal(["datasets"], await FieldsAsync(rita, Request("tenant-a", 10)));
        Assert.Equal(["datasets"], await FieldsAsync(rita, Request("tenant-a", 10, published, published)));

        var invalid = await ReadAsync(await rita.PostAsJsonAsync("/api/access-requests", Request("tenant-a", 10, invalidated)), HttpStatusCode.BadRequest);
        Assert.Contains("invalidated", invalid.GetProperty("errors").GetProperty("datasets[0]")[0].GetString());
        // A draft of another organization does not exist for rita; neither does a made-up id.
        await ReadAsync(await rita.PostAsJsonAsync("/api/access-requests", Request("tenant-a", 10, draft.GetProperty("id").GetGuid())), HttpStatusCode.NotFound);
        await ReadAsync(await rita.PostAsJsonAsync("/api/access-requests", Request("tenant-a", 10, Guid.NewGuid())), HttpStatusCode.NotFound);
        // Tenant B is not rita's: it does not exist for her.
        var otherTenant = await ReadAsync(await rita.PostAsJsonAsync("/api/access-requests", Request("tenant-b", 10, published)), HttpStatusCode.NotFound);
        var noTenant = await ReadAsync(await rita.PostAsJsonAsync("/api/access-requests", Request("tenant-zz", 10, published)), HttpStatusCode.NotFound);
        Assert.Equal(noTenant.GetProperty("title").GetString(), otherTenant.GetProperty("title").GetString());

        var after = (await ReadAsync(await rita.GetAsync("/api/access-requests?limit=200"), HttpStatusCode.OK)).GetArrayLength();
        Assert.Equal(before, after);
    }

    private static Dictionary<string, object?> With(object request, string field, object? value)
    {
        var copy = System.Text.Json.JsonSerializer.Deserialize<Dictionary<string, object?>>(System.Text.Json.JsonSerializer.Serialize(request))!;
        copy[field] = value;
        return copy;
    }

    private static async Task<string[]> FieldsAsync(HttpClient client, object body) =>
        await CatalogueApi.ProblemFieldsAsync(await client.PostAsJsonAsync("/api/access-requests", body));
}
