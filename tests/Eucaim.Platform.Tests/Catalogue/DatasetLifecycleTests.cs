using System.Net;
using System.Text.Json;
using Eucaim.Platform.Tests.Identity;

namespace Eucaim.Platform.Tests.Catalogue;

/// <summary>
/// Draft → Published → Invalidated as a data holder of HM Hospitales (hugo) lives it. Datasets a
/// test publishes are invalidated at its end, so the seed-only search tests stay exact.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class DatasetLifecycleTests(PlatformFixture fixture)
{
    private const string Hm = "HM Hospitales";

    [Fact]
    public async Task A_draft_is_edited_under_if_match_published_as_numbered_versions_and_invalidated_with_a_reason()
    {
        using var hugo = await fixture.Platform.CreateApiClientForAsync("hugo");
        using var anonymous = fixture.Platform.CreateApiClient();
        var word = $"lifecycle{Guid.NewGuid():N}";
        var (created, etag) = await CatalogueApi.ReadAsync(
            await CatalogueApi.SendAsync(hugo, HttpMethod.Post, "/api/datasets", CatalogueApi.Metadata($"Cohort {word}", Hm)), HttpStatusCode.Created);
        var id = created.GetProperty("id").GetGuid();
        try
        {
            Assert.Equal("draft", created.GetProperty("state").GetString());
            Assert.Equal(1, created.GetProperty("draftVersion").GetInt32());
            Assert.Equal(JsonValueKind.Null, created.GetProperty("version").ValueKind);
            Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync($"/api/datasets/{id}")).StatusCode);
            Assert.Equal(0, (await CatalogueApi.SearchAsync(anonymous, $"q={word}")).GetProperty("total").GetInt32());

            // Optimistic concurrency: no If-Match → 428; a stale one → 412; two edits from one read → one wins.
            var edit = CatalogueApi.Metadata($"Cohort {word} revised");
            Assert.Equal((HttpStatusCode)428, (await CatalogueApi.SendAsync(hugo, HttpMethod.Put, $"/api/datasets/{id}/draft", edit)).StatusCode);
            Assert.Equal(HttpStatusCode.PreconditionFailed, (await CatalogueApi.SendAsync(hugo, HttpMethod.Put, $"/api/datasets/{id}/draft", edit, "\"1\"")).StatusCode);
            var (_, edited) = await CatalogueApi.ReadAsync(await CatalogueApi.SendAsync(hugo, HttpMethod.Put, $"/api/datasets/{id}/draft", edit, etag), HttpStatusCode.OK);
            Assert.NotEqual(etag, edited);
            Assert.Equal(HttpStatusCode.PreconditionFailed,
                (await CatalogueApi.SendAsync(hugo, HttpMethod.Put, $"/api/datasets/{id}/draft", CatalogueApi.Metadata("lost update"), etag)).StatusCode);

            var (v1, _) = await CatalogueApi.ReadAsync(await CatalogueApi.SendAsync(hugo, HttpMethod.Post, $"/api/datasets/{id}/publish", ifMatch: edited), HttpStatusCode.OK);
            Assert.Equal(1, v1.GetProperty("version").GetInt32());
            Assert.Equal("published", v1.GetProperty("state").GetString());
            var found = await CatalogueApi.SearchAsync(anonymous, $"q={word}");
            Assert.Equal(1, found.GetProperty("total").GetInt32());
            Assert.Equal(id, found.GetProperty("items")[0].GetProperty("id").GetGuid());

            // Editing a published dataset starts version 2; readers keep seeing version 1 meanwhile.
            var (read, current) = await CatalogueApi.ReadAsync(await hugo.GetAsync($"/api/datasets/{id}"), HttpStatusCode.OK);
            Assert.Equal(JsonValueKind.Null, read.GetProperty("draftVersion").ValueKind);
            var (draft2, next) = await CatalogueApi.ReadAsync(
                await CatalogueApi.SendAsync(hugo, HttpMethod.Put, $"/api/datasets/{id}/draft", CatalogueApi.Metadata($"Cohort {word} second edition"), current),
                HttpStatusCode.OK);
            Assert.Equal(2, draft2.GetProperty("number").GetInt32());
            var (publicView, _) = await CatalogueApi.ReadAsync(await anonymous.GetAsync($"/api/datasets/{id}"), HttpStatusCode.OK);
            Assert.Equal($"Cohort {word} revised", publicView.GetProperty("metadata").GetProperty("name").GetString());
            Assert.Equal(JsonValueKind.Null, publicView.GetProperty("draftVersion").ValueKind);
            var (ownerView, _) = await CatalogueApi.ReadAsync(await hugo.GetAsync($"/api/datasets/{id}"), HttpStatusCode.OK);
            Assert.Equal(2, ownerView.GetProperty("draftVersion").GetInt32());

            var (v2, _) = await CatalogueApi.ReadAsync(await CatalogueApi.SendAsync(hugo, HttpMethod.Post, $"/api/datasets/{id}/publish", ifMatch: next), HttpStatusCode.OK);
            Assert.Equal(2, v2.GetProperty("version").GetInt32());
            var (versions, _) = await CatalogueApi.ReadAsync(await anonymous.GetAsync($"/api/datasets/{id}/versions"), HttpStatusCode.OK);
            Assert.Equal([1, 2], versions.EnumerateArray().Select(v => v.GetProperty("number").GetInt32()));
            var (first, _) = await CatalogueApi.ReadAsync(await anonymous.GetAsync($"/api/datasets/{id}/versions/1"), HttpStatusCode.OK);
            Assert.Equal($"Cohort {word} revised", first.GetProperty("metadata").GetProperty("name").GetString());
            Assert.Equal(HttpStatusCode.Conflict, (await CatalogueApi.SendAsync(hugo, HttpMethod.Post, $"/api/datasets/{id}/publish")).StatusCode);

            // A published dataset may have been used: never deleted, only invalidated with a reason.
            Assert.Equal(HttpStatusCode.Conflict, (await hugo.DeleteAsync($"/api/datasets/{id}")).StatusCode);
            Assert.Equal(["reason"], await CatalogueApi.ProblemFieldsAsync(
                await CatalogueApi.SendAsync(hugo, HttpMethod.Post, $"/api/datasets/{id}/invalidate", new { reason = " " })));
            var (invalidated, _) = await CatalogueApi.ReadAsync(
                await CatalogueApi.SendAsync(hugo, HttpMethod.Post, $"/api/datasets/{id}/invalidate", new { reason = "Consent withdrawn for part of the cohort." }),
                HttpStatusCode.OK);
            Assert.Equal("invalidated", invalidated.GetProperty("state").GetString());

            var (afterwards, latest) = await CatalogueApi.ReadAsync(await anonymous.GetAsync($"/api/datasets/{id}"), HttpStatusCode.OK);
            Assert.Equal("invalidated", afterwards.GetProperty("state").GetString());
            Assert.Equal("Consent withdrawn for part of the cohort.", afterwards.GetProperty("invalidation").GetProperty("reason").GetString());
            Assert.Equal(0, (await CatalogueApi.SearchAsync(anonymous, $"q={word}")).GetProperty("total").GetInt32());
            Assert.Equal(HttpStatusCode.Conflict,
                (await CatalogueApi.SendAsync(hugo, HttpMethod.Put, $"/api/datasets/{id}/draft", CatalogueApi.Metadata("again"), latest)).StatusCode);
            Assert.Equal(HttpStatusCode.Conflict,
                (await CatalogueApi.SendAsync(hugo, HttpMethod.Post, $"/api/datasets/{id}/invalidate", new { reason = "twice" })).StatusCode);
        }
        finally
        {
            await CatalogueCleanup.InvalidateAsync(fixture, id);
        }
    }

    [Fact]
    public async Task A_never_published_draft_can_be_deleted_but_not_invalidated()
    {
        using var hugo = await fixture.Platform.CreateApiClientForAsync("hugo");
        var (created, _) = await CatalogueApi.ReadAsync(
            await CatalogueApi.SendAsync(hugo, HttpMethod.Post, "/api/datasets", CatalogueApi.Metadata("Short-lived draft", Hm)), HttpStatusCode.Created);
        var id = created.GetProperty("id").GetGuid();

        Assert.Equal(HttpStatusCode.Conflict,
            (await CatalogueApi.SendAsync(hugo, HttpMethod.Post, $"/api/datasets/{id}/invalidate", new { reason = "mistake" })).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await hugo.DeleteAsync($"/api/datasets/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await hugo.GetAsync($"/api/datasets/{id}")).StatusCode);
    }

    [Fact]
    public async Task Invalid_metadata_is_a_problem_naming_every_offending_field()
    {
        using var hugo = await fixture.Platform.CreateApiClientForAsync("hugo");
        var metadata = CatalogueApi.Metadata("Invalid", Hm);
        metadata["name"] = null;
        metadata["subjects"] = -5;
        metadata["studies"] = -1;
        metadata["modalities"] = new[] { "CT", "XYZ" };
        metadata["tier"] = "7";
        metadata["federatedNode"] = null;
        metadata["organization"] = "No Such Organization";

        var fields = await CatalogueApi.ProblemFieldsAsync(await CatalogueApi.SendAsync(hugo, HttpMethod.Post, "/api/datasets", metadata));

        Assert.Equal(["federatedNode", "modalities[1]", "name", "organization", "studies", "subjects", "tier"], fields.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task A_value_of_the_wrong_type_is_named_too()
    {
        using var hugo = await fixture.Platform.CreateApiClientForAsync("hugo");
        var metadata = CatalogueApi.Metadata("Typed", Hm);
        metadata["subjects"] = "many";

        var fields = await CatalogueApi.ProblemFieldsAsync(await CatalogueApi.SendAsync(hugo, HttpMethod.Post, "/api/datasets", metadata));

        Assert.Equal(["subjects"], fields);
    }
}
