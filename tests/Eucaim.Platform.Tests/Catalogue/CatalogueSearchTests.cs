using System.Text.Json;

namespace Eucaim.Platform.Tests.Catalogue;

/// <summary>Anonymous search over the seed catalogue, checked against the seed file itself.</summary>
[Collection(PlatformCollection.Name)]
public sealed class CatalogueSearchTests(PlatformFixture fixture)
{
    private static readonly Dictionary<string, string[]> NoFilters = [];

    [Fact]
    public async Task Unfiltered_search_lists_the_55_seed_datasets_with_facet_counts_of_the_seed_file()
    {
        using var api = fixture.Platform.CreateApiClient();

        var result = await CatalogueApi.SearchAsync(api, "pageSize=1");

        var (total, facets) = SeedFile.Expected(NoFilters);
        Assert.Equal(55, total);
        Assert.Equal(total, result.GetProperty("total").GetInt32());
        foreach (var facet in SeedFile.Facets)
        {
            Assert.Equal(facets[facet].OrderBy(f => f.Key), CatalogueApi.Facet(result, facet).OrderBy(f => f.Key));
        }

        // The seed's quirks, normalized: two spellings of one sharing mode, three sex groups.
        Assert.Equal(new Dictionary<string, int> { ["central-repository"] = 23, ["federated-node"] = 32 }, CatalogueApi.Facet(result, "sharingMode"));
        Assert.Equal(new Dictionary<string, int> { ["female"] = 8, ["male"] = 7, ["mixed"] = 40 }, CatalogueApi.Facet(result, "sex"));
        Assert.Equal(1, CatalogueApi.Facet(result, "tier")["3C+"]);
    }

    [Theory]
    [InlineData("modality=MR")]
    [InlineData("modality=MR&tier=2")]
    [InlineData("modality=CT&modality=PT&sharingMode=federated-node&sex=mixed")]
    [InlineData("organization=CETIR&modality=MG")]
    [InlineData("cancerType=lung cancer&bodyPart=chest")]
    [InlineData("tier=1&tier=3C%2B&organization=HM Hospitales")]
    public async Task Each_facet_counts_under_every_filter_but_its_own(string query)
    {
        using var api = fixture.Platform.CreateApiClient();

        var result = await CatalogueApi.SearchAsync(api, $"{query}&pageSize=100");

        var filters = query.Split('&').Select(p => p.Split('=')).GroupBy(p => p[0])
            .ToDictionary(g => g.Key, g => g.Select(p => Uri.UnescapeDataString(p[1])).ToArray());
        var (total, facets) = SeedFile.Expected(filters);
        Assert.True(total > 0, $"{query} should match seed datasets");
        Assert.Equal(total, result.GetProperty("total").GetInt32());
        Assert.Equal(total, result.GetProperty("items").GetArrayLength());
        foreach (var facet in SeedFile.Facets)
        {
            Assert.Equal(facets[facet].OrderBy(f => f.Key), CatalogueApi.Facet(result, facet).OrderBy(f => f.Key));
        }
    }

    [Fact]
    public async Task Filters_combine_with_the_subject_range()
    {
        using var api = fixture.Platform.CreateApiClient();

        var result = await CatalogueApi.SearchAsync(api, "minSubjects=500&maxSubjects=5000&sharingMode=federated-node&pageSize=100");

        var expected = SeedFile.Records
            .Where(r => r.Subjects is >= 500 and <= 5000 && r.SharingMode == "federated-node")
            .Select(r => r.Name).Order().ToList();
        Assert.NotEmpty(expected);
        Assert.Equal(expected, result.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("name").GetString()!).Order().ToList());
        Assert.All(result.GetProperty("items").EnumerateArray(), i => Assert.InRange(i.GetProperty("subjects").GetInt32(), 500, 5000));
        var (_, facets) = SeedFile.Expected(new Dictionary<string, string[]> { ["sharingMode"] = ["federated-node"] }, r => r.Subjects is >= 500 and <= 5000);
        Assert.Equal(facets["organization"].OrderBy(f => f.Key), CatalogueApi.Facet(result, "organization").OrderBy(f => f.Key));
    }

    [Fact]
    public async Task Text_search_finds_the_datasets_that_mention_a_word_and_ranks_names_first()
    {
        using var api = fixture.Platform.CreateApiClient();

        var result = await CatalogueApi.SearchAsync(api, "q=glioblastoma&pageSize=100");

        var expected = SeedFile.Records.Where(r => r.Text.Contains("glioblastoma")).Select(r => r.Name).Order().ToList();
        Assert.Equal(5, expected.Count);
        var items = result.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(expected, items.Select(i => i.GetProperty("name").GetString()!).Order().ToList());
        Assert.Contains("glioblastoma", items[0].GetProperty("name").GetString()!, StringComparison.OrdinalIgnoreCase);
        var scores = items.Select(i => i.GetProperty("score").GetDouble()).ToList();
        Assert.Equal(scores.OrderDescending(), scores);
    }

    [Fact]
    public async Task Text_and_filters_narrow_together_and_facets_follow_the_text()
    {
        using var api = fixture.Platform.CreateApiClient();

        var result = await CatalogueApi.SearchAsync(api, "q=prostate&modality=MR&pageSize=100");

        bool Mentions(SeedRecord r) => r.Text.Contains("prostat");
        var (total, facets) = SeedFile.Expected(new Dictionary<string, string[]> { ["modality"] = ["MR"] }, Mentions);
        Assert.Equal(total, result.GetProperty("total").GetInt32());
        Assert.Equal(facets["modality"].OrderBy(f => f.Key), CatalogueApi.Facet(result, "modality").OrderBy(f => f.Key));
        Assert.Equal(facets["organization"].OrderBy(f => f.Key), CatalogueApi.Facet(result, "organization").OrderBy(f => f.Key));
    }

    [Theory]
    [InlineData("name")]
    [InlineData("subjects")]
    [InlineData("published")]
    public async Task Paging_walks_every_dataset_exactly_once(string sort)
    {
        using var api = fixture.Platform.CreateApiClient();
        var seen = new List<JsonElement>();
        string? token = null;
        var pages = 0;
        do
        {
            var result = await CatalogueApi.SearchAsync(api, $"sort={sort}&pageSize=7" + (token is null ? "" : $"&pageToken={Uri.EscapeDataString(token)}"));
            Assert.Equal(55, result.GetProperty("total").GetInt32());
            seen.AddRange(result.GetProperty("items").EnumerateArray());
            token = result.GetProperty("nextPageToken").GetString();
            pages++;
        }
        while (token is not null && pages < 20);

        Assert.Equal(8, pages);
        Assert.Equal(55, seen.Select(i => i.GetProperty("id").GetGuid()).Distinct().Count());
        Assert.Equal(SeedFile.Records.Select(r => r.Name).Order(), seen.Select(i => i.GetProperty("name").GetString()!).Order());
        if (sort == "name")
        {
            var names = seen.Select(i => i.GetProperty("name").GetString()!).ToList();
            Assert.Equal(names.Order(StringComparer.OrdinalIgnoreCase), names);
        }
        else if (sort == "subjects")
        {
            // Largest first, datasets without a usable count last.
            var subjects = seen.Select(i => i.GetProperty("subjects").ValueKind == JsonValueKind.Number ? i.GetProperty("subjects").GetInt32() : -1).ToList();
            Assert.Equal(subjects.OrderDescending(), subjects);
        }
    }

    [Fact]
    public async Task Search_answers_with_each_seed_dataset_published_as_version_1_of_its_organization()
    {
        using var api = fixture.Platform.CreateApiClient();

        var result = await CatalogueApi.SearchAsync(api, "organization=CETIR&pageSize=100");

        var items = result.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(SeedFile.Records.Count(r => r.Organization == "CETIR"), items.Count);
        foreach (var item in items)
        {
            Assert.Equal(1, item.GetProperty("version").GetInt32());
            var dataset = await CatalogueApi.ReadAsync(await api.GetAsync($"/api/datasets/{item.GetProperty("id").GetGuid()}"), System.Net.HttpStatusCode.OK);
            Assert.Equal("published", dataset.Body.GetProperty("state").GetString());
            Assert.Equal("CETIR", dataset.Body.GetProperty("organization").GetProperty("key").GetString());
            Assert.Equal("CETIR Centre Medic SL", dataset.Body.GetProperty("organization").GetProperty("name").GetString());
            Assert.Equal(JsonValueKind.Null, dataset.Body.GetProperty("draftVersion").ValueKind);
        }
    }
}
