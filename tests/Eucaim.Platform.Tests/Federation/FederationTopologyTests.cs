using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Aspire.Hosting;
using Eucaim.Core.Catalogue.Seed;
using Eucaim.Core.Federation;
using Eucaim.Platform.Tests.Identity;

namespace Eucaim.Platform.Tests.Federation;

/// <summary>
/// The local federation as a developer starts it (<c>./dev up --nodes 2</c>): two real nodes seed their
/// share of the federated datasets with synthetic cohorts, poll the hub and answer its count questions
/// from their own index with their own noise. The truth each answer is checked against is the cohort the
/// node was seeded with (<see cref="SyntheticCohort"/>), which the hub never sees.
/// </summary>
[Collection(FederationTopologyCollection.Name)]
public sealed class FederationTopologyTests(FederationTopologyFixture fixture)
{
    // The nodes' default policy (Eucaim:Federation:Node:Privacy).
    private const int MaxNoise = 3;
    private const int SmallCellThreshold = 10;

    private static readonly Dictionary<Guid, (string Node, SeedDataset Seed)> Seeded =
        Enumerable.Range(1, FederationTopologyFixture.Nodes)
            .SelectMany(n => DevFederation.DatasetsOfNode(n, FederationTopologyFixture.Nodes).Select(d => (Node: $"node-{n}", Seed: d)))
            .ToDictionary(x => SeedCatalogue.IdOf(x.Seed.DatasetKey), x => (x.Node, x.Seed));

    [Fact]
    public async Task Both_nodes_answer_every_dataset_of_theirs_with_counts_within_the_noise_of_the_truth_and_small_cells_suppressed()
    {
        using var rita = await fixture.Platform.Platform.CreateApiClientForAsync("rita");

        foreach (var (filters, matches) in new (object Filters, Func<SyntheticSubject, SyntheticSeries, bool> Matches)[]
                 {
                     (new { }, (_, _) => true),
                     (new { sex = "F" }, (s, _) => s.Sex == "F"),
                     (new { sex = "M", ageMin = 60 }, (s, _) => s.Sex == "M" && s.AgeAtStudy >= 60),
                     (new { modality = "MR" }, (_, series) => series.Modality == "MR"),
                 })
        {
            var search = await CompleteSearchAsync(rita, filters);
            var cells = 0;
            foreach (var node in search.GetProperty("nodes").EnumerateArray())
            {
                var nodeId = node.GetProperty("node").GetString()!;
                Assert.Equal("answered", node.GetProperty("status").GetString());
                var privacy = node.GetProperty("privacy");
                Assert.Equal("laplace", privacy.GetProperty("mechanism").GetString());
                Assert.Equal(MaxNoise, privacy.GetProperty("maxNoise").GetInt32());
                Assert.Equal(SmallCellThreshold, privacy.GetProperty("smallCellThreshold").GetInt32());

                foreach (var dataset in node.GetProperty("datasets").EnumerateArray())
                {
                    var id = dataset.GetProperty("datasetId").GetGuid();
                    var (owner, seed) = Seeded[id];
                    Assert.Equal(owner, nodeId);
                    var cohort = SyntheticCohort.Of(seed);
                    var series = cohort.SelectMany(s => s.Series.Where(x => matches(s, x)).Select(x => (Subject: s, Series: x))).ToList();
                    var context = $"{nodeId} {seed.DatasetKey} {JsonSerializer.Serialize(filters)}";
                    AssertReleased(dataset.GetProperty("subjects"), series.Select(x => x.Subject.PatientId).Distinct().Count(), context + " subjects");
                    AssertReleased(dataset.GetProperty("studies"), series.Select(x => x.Subject.StudyInstanceUid).Distinct().Count(), context + " studies");
                    AssertReleased(dataset.GetProperty("series"), series.Count, context + " series");
                    cells++;
                }
            }

            // Every seeded dataset was asked (no filter chose datasets) and answered by its own node.
            Assert.Equal(Seeded.Count, cells);
        }
    }

    [Fact]
    public async Task A_stopped_node_makes_the_answer_partial_and_answers_again_once_it_is_back()
    {
        var platform = fixture.Platform.Platform;
        using var rita = await platform.CreateApiClientForAsync("rita");
        await CompleteSearchAsync(rita, new { sex = "F" });

        await platform.App.ResourceCommands.ExecuteCommandAsync("node-2", KnownResourceCommands.StopCommand);
        try
        {
            var partial = await ReadAsync(await rita.PostAsJsonAsync("/api/federation/counts", new { sex = "F" }));
            Assert.False(partial.GetProperty("complete").GetBoolean(), partial.GetRawText());
            Assert.Contains("node-2", partial.GetProperty("note").GetString());
            var nodes = partial.GetProperty("nodes").EnumerateArray().ToDictionary(n => n.GetProperty("node").GetString()!);
            Assert.Equal("answered", nodes["node-1"].GetProperty("status").GetString());
            Assert.Equal("timed-out", nodes["node-2"].GetProperty("status").GetString());
            Assert.Empty(nodes["node-2"].GetProperty("datasets").EnumerateArray());
            Assert.NotEmpty(nodes["node-1"].GetProperty("datasets").EnumerateArray());
        }
        finally
        {
            await platform.App.ResourceCommands.ExecuteCommandAsync("node-2", KnownResourceCommands.StartCommand);
        }

        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await platform.App.ResourceNotifications.WaitForResourceHealthyAsync("node-2", timeout.Token);
        var again = await CompleteSearchAsync(rita, new { sex = "F" });
        var node2 = again.GetProperty("nodes").EnumerateArray().Single(n => n.GetProperty("node").GetString() == "node-2");
        // Once each, after the restart as before: a restored link does not answer twice.
        var answered = node2.GetProperty("datasets").EnumerateArray().Select(d => d.GetProperty("datasetId").GetGuid()).ToList();
        Assert.Equal(answered.Distinct().Count(), answered.Count);
        Assert.Equal(Seeded.Count(s => s.Value.Node == "node-2"), answered.Count);
    }

    /// <summary>
    /// A released count is the truth within the noise bound, and never under the threshold; a suppressed
    /// one has no value, and must be suppressed when the truth is below the threshold (a true zero included).
    /// </summary>
    private static void AssertReleased(JsonElement cell, int truth, string context)
    {
        if (cell.GetProperty("suppressed").GetBoolean())
        {
            Assert.True(cell.GetProperty("value").ValueKind == JsonValueKind.Null, $"{context}: a suppressed cell with a value: {cell}");
            Assert.Equal($"< {SmallCellThreshold}", cell.GetProperty("display").GetString());
            // Suppressed though the truth is well above the threshold would mean noise beyond its bound.
            Assert.True(truth < SmallCellThreshold + MaxNoise, $"{context}: {truth} subjects suppressed");
            return;
        }

        var value = cell.GetProperty("value").GetInt32();
        Assert.True(truth >= SmallCellThreshold, $"{context}: the true count {truth} is below the threshold yet released as {value}");
        Assert.True(value >= SmallCellThreshold, $"{context}: released {value}, below the threshold");
        Assert.True(Math.Abs(value - truth) <= MaxNoise, $"{context}: released {value}, true {truth}, beyond ±{MaxNoise}");
        Assert.Equal(value.ToString(System.Globalization.CultureInfo.InvariantCulture), cell.GetProperty("display").GetString());
    }

    /// <summary>
    /// Asks until both nodes answer in time: just after the start a node may still be seeding its
    /// cohorts (it polls only once its seed is done), which the answer shows as timed-out.
    /// </summary>
    private static async Task<JsonElement> CompleteSearchAsync(HttpClient client, object filters)
    {
        var deadline = DateTimeOffset.UtcNow + TimeSpan.FromMinutes(4);
        while (true)
        {
            var search = await ReadAsync(await client.PostAsJsonAsync("/api/federation/counts", filters));
            if (search.GetProperty("complete").GetBoolean())
            {
                Assert.Equal(FederationTopologyFixture.NodeIds, search.GetProperty("nodes").EnumerateArray().Select(n => n.GetProperty("node").GetString()!).Order());
                return search;
            }

            Assert.True(DateTimeOffset.UtcNow < deadline, $"the nodes did not all answer within 4 minutes: {search}");
            await Task.Delay(TimeSpan.FromSeconds(2));
        }
    }

    private static async Task<JsonElement> ReadAsync(HttpResponseMessage response)
    {
        using (response)
        {
            var body = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode}: {body}");
            return JsonDocument.Parse(body).RootElement.Clone();
        }
    }
}
