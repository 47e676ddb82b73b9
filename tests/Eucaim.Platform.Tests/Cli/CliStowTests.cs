using System.Net.Http.Json;
using System.Text.Json;
using Eucaim.Platform.Tests.Ingest;

namespace Eucaim.Platform.Tests.Cli;

/// <summary>
/// <c>eucaim stow</c>: a folder stored over STOW-RS in several requests, run again without storing
/// anything twice, and an instance the platform refuses named by the file it came from.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class CliStowTests(PlatformFixture fixture)
{
    [Fact]
    public async Task A_folder_is_stored_in_batches_a_second_run_stores_nothing_twice_and_a_refused_instance_names_its_file()
    {
        const int Instances = 30;
        using var cli = new CliUser(fixture.Platform.App.GetEndpoint("api", "http"));
        using var hugo = await fixture.Platform.CreateApiClientForAsync("hugo");
        var dataset = await IngestRequests.CreateDraftAsync(hugo, $"CLI stow {Guid.NewGuid():N}");
        var seed = Random.Shared.Next();
        var folder = Path.Combine(cli.ConfigFolder, "MR-2025");
        CleanSeries.Write(folder, seed, Instances, size: 64);
        try
        {
            var login = await CliSignInTests.SignInWithDeviceFlowAsync(cli, "hugo");
            Assert.True(login.ExitCode == 0, login.ToString());

            var first = await cli.RunAsync("stow", folder, "--dataset", dataset.ToString(), "--batch", "8", "--json");
            Assert.True(first.ExitCode == 0, first.ToString());
            var answer = JsonDocument.Parse(first.Output).RootElement;
            Assert.Equal((Instances, 4, 0), (answer.GetProperty("stored").GetInt32(), answer.GetProperty("requests").GetInt32(), answer.GetProperty("refused").GetArrayLength()));
            Assert.Equal(Instances, await StoredInstancesAsync(hugo, dataset));

            // Again, as after an interruption: every instance is answered stored, none is stored a second time.
            var again = await cli.RunAsync("stow", folder, "--dataset", dataset.ToString());
            Assert.True(again.ExitCode == 0, again.ToString());
            Assert.Contains($"Stored {Instances} instances", again.Output);
            Assert.Equal(Instances, await StoredInstancesAsync(hugo, dataset));

            // Another file with a SOP Instance UID the draft holds: refused by the platform, named by its file, the stored one kept.
            var other = Path.Combine(cli.ConfigFolder, "rescan");
            CleanSeries.Write(other, seed, instances: 1, size: 32);
            var clash = await cli.RunAsync("stow", other, "--dataset", dataset.ToString());
            Assert.True(clash.ExitCode == 7, clash.ToString());
            Assert.Contains("Stored 0 instances", clash.Output);
            Assert.Matches(@"rescan/instance-00001\.dcm\s.*processing failure \(0x0110\)", clash.Output);
            Assert.Equal(Instances, await StoredInstancesAsync(hugo, dataset));
        }
        finally
        {
            await hugo.DeleteAsync($"/api/datasets/{dataset}");
        }
    }

    private static async Task<int> StoredInstancesAsync(HttpClient client, Guid dataset)
    {
        var instances = await client.GetFromJsonAsync<JsonElement>($"/dicomweb/datasets/{dataset}/instances?includefield=00080018&limit=1000");
        return instances.EnumerateArray().Select(i => i.GetProperty("00080018").GetProperty("Value")[0].GetString()).Distinct().Count();
    }
}
