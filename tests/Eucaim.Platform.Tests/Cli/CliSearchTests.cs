using System.Net.Http.Json;
using System.Text.Json;

namespace Eucaim.Platform.Tests.Cli;

/// <summary><c>eucaim search</c> over the seeded public catalogue, and how the tool reports the API's problems.</summary>
[Collection(PlatformCollection.Name)]
public sealed class CliSearchTests(PlatformFixture fixture)
{
    private const int RefusedExit = 4;

    private PlatformRun Platform => fixture.Platform;

    private Uri ApiUrl => Platform.App.GetEndpoint("api", "http");

    [Fact]
    public async Task Search_prints_the_seeded_datasets_as_a_table_without_signing_in()
    {
        using var api = Platform.CreateApiClient();
        var page = await api.GetFromJsonAsync<JsonElement>("/api/datasets?modality=CT&pageSize=5");
        using var cli = new CliUser(ApiUrl);

        var search = await cli.RunAsync("search", "--modality", "CT", "--page-size", "5");

        Assert.True(search.ExitCode == 0, search.ToString());
        foreach (var item in page.GetProperty("items").EnumerateArray())
        {
            Assert.Contains(item.GetProperty("name").GetString()!, search.Output);
            Assert.Contains(item.GetProperty("id").GetString()!, search.Output);
        }

        Assert.Contains($"5 of {page.GetProperty("total").GetInt32()} datasets.", search.Output);
        Assert.Contains("--page-token ", search.Output);
        Assert.DoesNotContain("\u001b[", search.Output); // not a terminal: no colour codes
    }

    [Fact]
    public async Task Search_json_is_the_api_page_with_text_and_repeated_filters()
    {
        using var api = Platform.CreateApiClient();
        var expected = await api.GetFromJsonAsync<JsonElement>("/api/datasets?q=prostate&modality=MR&modality=PT");
        using var cli = new CliUser(ApiUrl);

        var search = await cli.RunAsync("search", "prostate", "--modality", "MR", "--modality", "PT", "--json");

        Assert.True(search.ExitCode == 0, search.ToString());
        var page = JsonDocument.Parse(search.Output).RootElement;
        Assert.True(page.GetProperty("total").GetInt32() > 0, search.Output);
        Assert.Equal(expected.GetProperty("total").GetInt32(), page.GetProperty("total").GetInt32());
        Assert.Equal(
            expected.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetString()),
            page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetString()));
    }

    [Fact]
    public async Task Search_with_facets_prints_the_counts_of_each_filter()
    {
        using var cli = new CliUser(ApiUrl);

        var search = await cli.RunAsync("search", "--facets", "--page-size", "1");

        Assert.True(search.ExitCode == 0, search.ToString());
        Assert.Contains("sharingMode", search.Output);
        Assert.Contains("central-repository", search.Output);
    }

    [Fact]
    public async Task An_api_problem_is_printed_as_one_line_naming_the_fields_with_exit_code_4()
    {
        using var cli = new CliUser(ApiUrl);

        var search = await cli.RunAsync("search", "--modality", "XYZ", "--tier", "9");

        Assert.True(search.ExitCode == RefusedExit, search.ToString());
        Assert.Equal("", search.Output);
        var line = Assert.Single(search.Error.TrimEnd('\n').Split('\n'));
        Assert.StartsWith("eucaim: ", line);
        Assert.Contains("modality: 'XYZ' is not a DICOM modality code", line);
        Assert.Contains("tier: '9' is not a tier", line);
        Assert.Contains("[HTTP 400, trace ", line);
    }

    [Fact]
    public async Task A_usage_error_exits_2_and_an_unreachable_platform_exits_1()
    {
        using var cli = new CliUser(ApiUrl);

        var usage = await cli.RunAsync("search", "--page-size", "many");
        var badUrl = await cli.RunAsync("search", "--platform", "ftp://example.org");
        var unreachable = await cli.RunAsync("search", "--platform", "http://127.0.0.1:9");

        Assert.True(usage.ExitCode == 2, usage.ToString());
        Assert.True(badUrl.ExitCode == 2, badUrl.ToString());
        Assert.True(unreachable.ExitCode == 1, unreachable.ToString());
        Assert.Contains("cannot reach http://127.0.0.1:9", unreachable.Error);
    }
}
