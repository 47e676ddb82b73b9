using System.Net;
using System.Text.Json;

namespace Eucaim.Platform.Tests.Catalogue;

/// <summary>Every bad search parameter is a 400 problem naming the parameter.</summary>
[Collection(PlatformCollection.Name)]
public sealed class CatalogueSearchInputTests(PlatformFixture fixture)
{
    [Theory]
    [InlineData("modality=XYZ", "modality")]
    [InlineData("modality=CT&modality=XYZ", "modality")]
    [InlineData("tier=4", "tier")]
    [InlineData("sharingMode=cloud", "sharingMode")]
    [InlineData("sex=robots", "sex")]
    [InlineData("cancerType=no such cancer", "cancerType")]
    [InlineData("bodyPart=elbow", "bodyPart")]
    [InlineData("organization=NOPE", "organization")]
    [InlineData("minSubjects=-1", "minSubjects")]
    [InlineData("maxSubjects=lots", "maxSubjects")]
    [InlineData("minSubjects=10&maxSubjects=5", "minSubjects")]
    [InlineData("pageSize=0", "pageSize")]
    [InlineData("pageSize=101", "pageSize")]
    [InlineData("sort=popularity", "sort")]
    [InlineData("sort=relevance", "sort")]
    [InlineData("pageToken=not-a-token", "pageToken")]
    [InlineData("modalty=CT", "modalty")]
    [InlineData("q=a&q=b", "q")]
    public async Task A_bad_parameter_is_a_problem_naming_it(string query, string field)
    {
        using var api = fixture.Platform.CreateApiClient();

        var fields = await CatalogueApi.ProblemFieldsAsync(await api.GetAsync($"/api/datasets?{query}"));

        Assert.Equal([field], fields);
    }

    [Fact]
    public async Task Every_offending_parameter_is_named_at_once()
    {
        using var api = fixture.Platform.CreateApiClient();

        var fields = await CatalogueApi.ProblemFieldsAsync(await api.GetAsync("/api/datasets?modality=XYZ&tier=9&pageSize=500"));

        Assert.Equal(["modality", "pageSize", "tier"], fields.Order());
    }

    [Fact]
    public async Task An_over_long_text_query_is_refused()
    {
        using var api = fixture.Platform.CreateApiClient();

        var fields = await CatalogueApi.ProblemFieldsAsync(await api.GetAsync($"/api/datasets?q={new string('a', 257)}"));

        Assert.Equal(["q"], fields);
    }

    [Fact]
    public async Task A_tampered_page_token_or_one_from_another_query_is_refused()
    {
        using var api = fixture.Platform.CreateApiClient();
        var first = await CatalogueApi.SearchAsync(api, "sort=name&pageSize=5");
        var token = first.GetProperty("nextPageToken").GetString()!;

        // The token works for its own query...
        await CatalogueApi.SearchAsync(api, $"sort=name&pageSize=5&pageToken={Uri.EscapeDataString(token)}");

        // ...but not edited, nor with other filters or another order.
        var tampered = token[..10] + (token[10] == 'A' ? 'B' : 'A') + token[11..];
        foreach (var query in new[]
                 {
                     $"sort=name&pageSize=5&pageToken={Uri.EscapeDataString(tampered)}",
                     $"sort=name&modality=CT&pageSize=5&pageToken={Uri.EscapeDataString(token)}",
                     $"sort=subjects&pageSize=5&pageToken={Uri.EscapeDataString(token)}",
                 })
        {
            Assert.Equal(["pageToken"], await CatalogueApi.ProblemFieldsAsync(await api.GetAsync($"/api/datasets?{query}")));
        }
    }

    [Fact]
    public async Task Unknown_dataset_ids_are_404_problems()
    {
        using var api = fixture.Platform.CreateApiClient();

        var response = await api.GetAsync($"/api/datasets/{Guid.NewGuid()}");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal(404, JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("status").GetInt32());
    }
}
