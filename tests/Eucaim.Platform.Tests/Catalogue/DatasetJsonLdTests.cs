using System.Net;
using System.Text.Json;

namespace Eucaim.Platform.Tests.Catalogue;

/// <summary>Published datasets as DCAT-AP / HealthDCAT-AP JSON-LD, for European catalogue harvesters.</summary>
[Collection(PlatformCollection.Name)]
public sealed class DatasetJsonLdTests(PlatformFixture fixture)
{
    [Fact]
    public async Task A_published_dataset_is_a_dcat_dataset_in_json_ld()
    {
        using var api = fixture.Platform.CreateApiClient();
        var seed = SeedFile.Records.Single(r => r.Key == "I/1DH1#1");
        var id = (await CatalogueApi.SearchAsync(api, "organization=SAS&pageSize=100")).GetProperty("items").EnumerateArray()
            .Single(i => i.GetProperty("name").GetString() == seed.Name).GetProperty("id").GetGuid();
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/datasets/{id}");
        request.Headers.Accept.ParseAdd("application/ld+json");

        var response = await api.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/ld+json", response.Content.Headers.ContentType?.MediaType);
        var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        var context = document.GetProperty("@context");
        Assert.Equal("http://www.w3.org/ns/dcat#", context.GetProperty("dcat").GetString());
        Assert.Equal("http://purl.org/dc/terms/", context.GetProperty("dct").GetString());
        Assert.Equal("http://xmlns.com/foaf/0.1/", context.GetProperty("foaf").GetString());
        Assert.Equal("http://healthdataportal.eu/ns/health#", context.GetProperty("healthdcatap").GetString());
        Assert.Equal("dcat:Dataset", document.GetProperty("@type").GetString());
        Assert.Equal(id.ToString(), document.GetProperty("dct:identifier").GetString());
        Assert.Equal(seed.Name, document.GetProperty("dct:title").GetProperty("@value").GetString());
        Assert.Equal("Servicio Andaluz De Salud", document.GetProperty("dct:publisher").GetProperty("foaf:name").GetString());
        Assert.Equal("600", document.GetProperty("healthdcatap:numberOfUniqueIndividuals").GetProperty("@value").GetString());
        Assert.Equal("1", document.GetProperty("dcat:version").GetString());
        Assert.EndsWith("/access-right/RESTRICTED", document.GetProperty("dct:accessRights").GetProperty("@id").GetString());
        Assert.Contains(document.GetProperty("dcat:keyword").EnumerateArray(), k => k.GetProperty("@value").GetString() == "MR");
    }

    [Fact]
    public async Task The_harvest_catalogue_lists_every_published_dataset()
    {
        using var api = fixture.Platform.CreateApiClient();

        var response = await api.GetAsync("/api/catalogue");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/ld+json", response.Content.Headers.ContentType?.MediaType);
        var catalogue = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("dcat:Catalog", catalogue.GetProperty("@type").GetString());
        var titles = catalogue.GetProperty("dcat:dataset").EnumerateArray().Select(d => d.GetProperty("dct:title").GetProperty("@value").GetString()!).ToList();
        Assert.Equal(SeedFile.Records.Select(r => r.Name).Order(), titles.Order());
    }
}
