using System.Net;
using System.Text.Json;
using Eucaim.Platform.Tests.Identity;

namespace Eucaim.Platform.Tests.Catalogue;

/// <summary>
/// hugo holds data for HM Hospitales, clara for CETIR, alba is an admin, rita a researcher. A data
/// holder of one organization can neither see the other's drafts nor change its datasets.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class DatasetOwnershipTests(PlatformFixture fixture)
{
    [Fact]
    public async Task Another_organizations_draft_does_not_exist_for_a_data_holder_but_does_for_an_admin()
    {
        using var hugo = await fixture.Platform.CreateApiClientForAsync("hugo");
        using var clara = await fixture.Platform.CreateApiClientForAsync("clara");
        using var alba = await fixture.Platform.CreateApiClientForAsync("alba");
        using var anonymous = fixture.Platform.CreateApiClient();
        var (created, etag) = await CatalogueApi.ReadAsync(
            await CatalogueApi.SendAsync(hugo, HttpMethod.Post, "/api/datasets", CatalogueApi.Metadata("HM draft", "HM Hospitales")), HttpStatusCode.Created);
        var id = created.GetProperty("id").GetGuid();
        try
        {
            foreach (var (client, who) in new[] { (clara, "clara"), (anonymous, "anonymous") })
            {
                Assert.True(HttpStatusCode.NotFound == (await client.GetAsync($"/api/datasets/{id}")).StatusCode, $"{who} GET");
                Assert.True(HttpStatusCode.NotFound == (await client.GetAsync($"/api/datasets/{id}/versions")).StatusCode, $"{who} versions");
            }

            foreach (var (method, path, body) in Writes(id))
            {
                var response = await CatalogueApi.SendAsync(clara, method, path, body, etag);
                Assert.True(response.StatusCode == HttpStatusCode.NotFound, $"clara {method} {path} → {(int)response.StatusCode}");
            }

            Assert.Equal(HttpStatusCode.OK, (await alba.GetAsync($"/api/datasets/{id}")).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await alba.GetAsync($"/api/datasets/{id}/draft")).StatusCode);
            var (hugoDraft, _) = await CatalogueApi.ReadAsync(await hugo.GetAsync($"/api/datasets/{id}/draft"), HttpStatusCode.OK);
            Assert.Equal("HM draft", hugoDraft.GetProperty("metadata").GetProperty("name").GetString());
        }
        finally
        {
            await CatalogueCleanup.InvalidateAsync(fixture, id);
        }
    }

    [Fact]
    public async Task A_data_holder_cannot_change_another_organizations_published_dataset_nor_see_its_new_draft()
    {
        using var hugo = await fixture.Platform.CreateApiClientForAsync("hugo");
        using var clara = await fixture.Platform.CreateApiClientForAsync("clara");
        using var alba = await fixture.Platform.CreateApiClientForAsync("alba");
        var (created, etag) = await CatalogueApi.ReadAsync(
            await CatalogueApi.SendAsync(hugo, HttpMethod.Post, "/api/datasets", CatalogueApi.Metadata("HM published", "HM Hospitales")), HttpStatusCode.Created);
        var id = created.GetProperty("id").GetGuid();
        try
        {
            var (_, published) = await CatalogueApi.ReadAsync(await CatalogueApi.SendAsync(hugo, HttpMethod.Post, $"/api/datasets/{id}/publish", ifMatch: etag), HttpStatusCode.OK);
            var (_, drafted) = await CatalogueApi.ReadAsync(
                await CatalogueApi.SendAsync(hugo, HttpMethod.Put, $"/api/datasets/{id}/draft", CatalogueApi.Metadata("HM second draft"), published), HttpStatusCode.OK);

            // Readable by everyone, changeable by no one of another organization.
            var (seenByClara, claraTag) = await CatalogueApi.ReadAsync(await clara.GetAsync($"/api/datasets/{id}"), HttpStatusCode.OK);
            Assert.Equal(JsonValueKind.Null, seenByClara.GetProperty("draftVersion").ValueKind);
            Assert.Equal("HM published", seenByClara.GetProperty("metadata").GetProperty("name").GetString());
            Assert.Equal(HttpStatusCode.NotFound, (await clara.GetAsync($"/api/datasets/{id}/draft")).StatusCode);
            foreach (var (method, path, body) in Writes(id))
            {
                var response = await CatalogueApi.SendAsync(clara, method, path, body, claraTag);
                Assert.True(response.StatusCode == HttpStatusCode.Forbidden, $"clara {method} {path} → {(int)response.StatusCode}");
            }

            // Nothing clara tried changed anything; an admin may do everything.
            var (ownerView, _) = await CatalogueApi.ReadAsync(await hugo.GetAsync($"/api/datasets/{id}"), HttpStatusCode.OK);
            Assert.Equal(2, ownerView.GetProperty("draftVersion").GetInt32());
            Assert.Equal("published", ownerView.GetProperty("state").GetString());
            var (byAdmin, _) = await CatalogueApi.ReadAsync(await CatalogueApi.SendAsync(alba, HttpMethod.Post, $"/api/datasets/{id}/publish", ifMatch: drafted), HttpStatusCode.OK);
            Assert.Equal(2, byAdmin.GetProperty("version").GetInt32());
        }
        finally
        {
            await CatalogueCleanup.InvalidateAsync(fixture, id);
        }
    }

    [Fact]
    public async Task A_data_holder_cannot_change_a_seed_dataset_of_another_organization()
    {
        using var clara = await fixture.Platform.CreateApiClientForAsync("clara");
        var hm = (await CatalogueApi.SearchAsync(clara, "organization=HM Hospitales&pageSize=1")).GetProperty("items")[0].GetProperty("id").GetGuid();
        var (_, etag) = await CatalogueApi.ReadAsync(await clara.GetAsync($"/api/datasets/{hm}"), HttpStatusCode.OK);

        foreach (var (method, path, body) in Writes(hm))
        {
            var response = await CatalogueApi.SendAsync(clara, method, path, body, etag);
            Assert.True(response.StatusCode == HttpStatusCode.Forbidden, $"clara {method} {path} → {(int)response.StatusCode}");
        }
    }

    [Fact]
    public async Task Only_data_holders_of_an_organization_and_admins_register_its_datasets()
    {
        using var hugo = await fixture.Platform.CreateApiClientForAsync("hugo");
        using var rita = await fixture.Platform.CreateApiClientForAsync("rita");
        using var alba = await fixture.Platform.CreateApiClientForAsync("alba");
        using var anonymous = fixture.Platform.CreateApiClient();
        var forCetir = CatalogueApi.Metadata("Not hugo's", "CETIR");

        Assert.Equal(HttpStatusCode.Forbidden, (await CatalogueApi.SendAsync(hugo, HttpMethod.Post, "/api/datasets", forCetir)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await CatalogueApi.SendAsync(rita, HttpMethod.Post, "/api/datasets", forCetir)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await CatalogueApi.SendAsync(anonymous, HttpMethod.Post, "/api/datasets", forCetir)).StatusCode);

        var (created, _) = await CatalogueApi.ReadAsync(await CatalogueApi.SendAsync(alba, HttpMethod.Post, "/api/datasets", forCetir), HttpStatusCode.Created);
        var id = created.GetProperty("id").GetGuid();
        Assert.Equal("CETIR", created.GetProperty("organization").GetProperty("key").GetString());
        await CatalogueCleanup.InvalidateAsync(fixture, id);
    }

    private static IEnumerable<(HttpMethod Method, string Path, object? Body)> Writes(Guid id) =>
    [
        (HttpMethod.Put, $"/api/datasets/{id}/draft", CatalogueApi.Metadata("taken over")),
        (HttpMethod.Post, $"/api/datasets/{id}/publish", null),
        (HttpMethod.Post, $"/api/datasets/{id}/invalidate", new { reason = "not mine to withdraw" }),
        (HttpMethod.Delete, $"/api/datasets/{id}", null),
    ];
}
