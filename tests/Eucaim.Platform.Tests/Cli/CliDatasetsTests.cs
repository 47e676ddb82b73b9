using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Eucaim.Platform.Tests.Catalogue;

namespace Eucaim.Platform.Tests.Cli;

/// <summary><c>eucaim datasets create|edit|publish|withdraw</c> as a data holder, ETags included.</summary>
[Collection(PlatformCollection.Name)]
public sealed class CliDatasetsTests(PlatformFixture fixture)
{
    [Fact]
    public async Task A_data_holder_registers_edits_publishes_and_withdraws_a_dataset_and_a_stale_etag_is_refused()
    {
        using var cli = new CliUser(fixture.Platform.App.GetEndpoint("api", "http"));
        var login = await CliSignInTests.SignInWithDeviceFlowAsync(cli, "hugo");
        Assert.True(login.ExitCode == 0, login.ToString());
        var name = $"CLI lung cohort {Guid.NewGuid():N}";
        var metadata = Path.Combine(cli.ConfigFolder, "metadata.json");
        var document = new JsonObject
        {
            ["organization"] = "HM Hospitales",
            ["name"] = name,
            ["description"] = "Retrospective CT studies of lung cancer patients, registered with the eucaim tool.",
            ["cancerType"] = "Lung cancer",
            ["modalities"] = new JsonArray("CT"),
            ["bodyParts"] = new JsonArray("Chest"),
            ["sex"] = "Male and Female",
            ["subjects"] = 12,
            ["tier"] = "2",
            ["sharingMode"] = "central-repository",
        };
        File.WriteAllText(metadata, document.ToJsonString());

        var created = await cli.RunAsync("datasets", "create", "--file", metadata, "--json");
        Assert.True(created.ExitCode == 0, created.ToString());
        var createdJson = JsonNode.Parse(created.Output)!;
        var id = createdJson["id"]!.GetValue<string>();
        var firstETag = createdJson["etag"]!.GetValue<string>();
        try
        {
            document["subjects"] = 14;
            File.WriteAllText(metadata, document.ToJsonString());
            var edited = await cli.RunAsync("datasets", "edit", id, "--file", metadata, "--if-match", firstETag);
            Assert.True(edited.ExitCode == 0, edited.ToString());
            Assert.Contains($"Edited the draft of {id}", edited.Output);

            // The ETag of before the edit is stale now: the platform refuses, the tool says so in one line.
            var stale = await cli.RunAsync("datasets", "publish", id, "--if-match", firstETag);
            Assert.True(stale.ExitCode == 4, stale.ToString());
            Assert.Contains("[HTTP 412", Assert.Single(stale.Error.TrimEnd('\n').Split('\n')));

            var published = await cli.RunAsync("datasets", "publish", id);
            Assert.True(published.ExitCode == 0, published.ToString());
            Assert.Contains("version 1", published.Output);

            var found = await cli.RunAsync("search", $"\"{name}\"", "--json");
            Assert.True(found.ExitCode == 0, found.ToString());
            var item = Assert.Single(JsonDocument.Parse(found.Output).RootElement.GetProperty("items").EnumerateArray());
            Assert.Equal(id, item.GetProperty("id").GetString());
            Assert.Equal(14, item.GetProperty("subjects").GetInt32());

            var withdrawn = await cli.RunAsync("datasets", "withdraw", id, "--reason", "Registered by a test");
            Assert.True(withdrawn.ExitCode == 0, withdrawn.ToString());
            using var api = fixture.Platform.CreateApiClient();
            var page = await api.GetFromJsonAsync<JsonElement>($"/api/datasets?q={Uri.EscapeDataString($"\"{name}\"")}");
            Assert.Equal(0, page.GetProperty("total").GetInt32());
        }
        finally
        {
            await CatalogueCleanup.InvalidateAsync(fixture, Guid.Parse(id));
        }
    }
}
