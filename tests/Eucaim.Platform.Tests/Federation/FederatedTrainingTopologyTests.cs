using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Aspire.Hosting;
using Eucaim.Core.Access;
using Eucaim.Core.Catalogue.Seed;
using Eucaim.Core.Federation;
using Eucaim.Platform.Tests.Tenants;
using static Eucaim.Platform.Tests.Federation.FederatedRunScenario;

namespace Eucaim.Platform.Tests.Federation;

/// <summary>
/// A three-round FedAvg training on the local federation (<c>./dev up --nodes 2</c>): each node trains the training
/// sample on its own synthetic cohort from the global weights, only weights, a rounded sample count and the declared
/// metrics come back, the aggregator job in the researcher's tenant averages them, and the global model improves from
/// round to round. node-2 is stopped while it trains in round 2 and started again: the round completes with one
/// contribution of each node, none counted twice.
/// </summary>
[Collection(FederationTopologyCollection.Name)]
public sealed class FederatedTrainingTopologyTests(FederationTopologyFixture fixture)
{
    private const string TrainingImage = "eucaim/federated-training:1.0";

    // Three rounds of two node jobs and an aggregator job, and a restarted node that gets its request again after
    // PollFederationLink.RedeliverTakenAfter.
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(6);

    [Fact]
    public async Task Three_rounds_of_FedAvg_improve_the_global_model_and_a_node_restarted_mid_round_contributes_once()
    {
        var platform = fixture.Platform.Platform;
        var id1 = Pick(1);
        var id2 = Pick(2);
        await using var s = await StartAsync(platform, id1, id2);

        var created = await TenantRequests.ReadAsync(await s.Rita.PostAsJsonAsync("/api/federation/trainings", new
        {
            tenant = s.Tenant,
            image = TrainingImage,
            datasets = new[] { id1, id2 },
            flavor = Flavor,
            rounds = 3,
            weightCount = 3,
            metrics = new[] { "loss", "accuracy", "auc" },
            // Each node's job lingers, so that node-2 can be stopped while it trains.
            arguments = new[] { "--delay-seconds", "4" },
        }), HttpStatusCode.Created);
        var id = created.GetProperty("id").GetGuid();

        using var patience = new CancellationTokenSource(Patience);
        await WaitForAsync(s, id, t => Part(t, 2, "node-2") is { } p && p.GetProperty("state").GetString() == "running", patience.Token);
        await platform.App.ResourceCommands.ExecuteCommandAsync("node-2", KnownResourceCommands.StopCommand);
        await Task.Delay(TimeSpan.FromSeconds(2));
        await platform.App.ResourceCommands.ExecuteCommandAsync("node-2", KnownResourceCommands.StartCommand);
        await platform.App.ResourceNotifications.WaitForResourceHealthyAsync("node-2", patience.Token);

        var ended = await WaitForAsync(s, id, t => t.GetProperty("state").GetString() != "training", patience.Token);
        Assert.True(ended.GetProperty("state").GetString() == "succeeded", ended.GetRawText());
        var rounds = ended.GetProperty("roundsDone").EnumerateArray().ToList();
        Assert.Equal([1, 2, 3], rounds.Select(r => r.GetProperty("round").GetInt32()));
        foreach (var round in rounds)
        {
            Assert.Equal("done", round.GetProperty("state").GetString());
            var parts = round.GetProperty("nodes").EnumerateArray().ToList();
            Assert.Equal(["node-1", "node-2"], parts.Select(p => p.GetProperty("node").GetString()));
            Assert.All(parts, p => Assert.Equal("succeeded", p.GetProperty("state").GetString()));
            Assert.All(parts, p => Assert.Equal(0, p.GetProperty("samples").GetInt32() % FederatedTrainingSchema.SampleRounding));
            Assert.Equal(parts.Sum(p => p.GetProperty("samples").GetInt32()), round.GetProperty("samples").GetInt32());
        }

        // Metrics of round r are those of the global model the nodes got at its start: zeros in round 1, the average after.
        var loss = rounds.Select(r => r.GetProperty("metrics").GetProperty("loss").GetDouble()).ToList();
        var accuracy = rounds.Select(r => r.GetProperty("metrics").GetProperty("accuracy").GetDouble()).ToList();
        Assert.Equal(Math.Log(2), loss[0], 9);
        Assert.True(loss[1] < loss[0] && loss[2] < loss[1], $"the loss did not fall round by round: {string.Join(", ", loss)}");
        Assert.True(accuracy[2] > accuracy[0], $"the accuracy did not improve: {string.Join(", ", accuracy)}");

        // Each round's weights and metrics are outputs of its aggregator job in the tenant, to leave through the airlock.
        foreach (var round in rounds)
        {
            var n = round.GetProperty("round").GetInt32();
            var outputs = await TenantRequests.ReadAsync(await s.Rita.GetAsync($"/api/jobs/{round.GetProperty("aggregatorJob").GetGuid()}/outputs"), HttpStatusCode.OK);
            Assert.Equal(
                [$"round-{n}/global-weights.json", $"round-{n}/metrics.json"],
                outputs.EnumerateArray().Select(o => o.GetProperty("path").GetString()).Order());
        }
    }

    /// <summary>A dataset of <paramref name="node"/> that the committee alone grants, with both sexes among enough subjects to train on.</summary>
    private static Guid Pick(int node)
    {
        var seed = DevFederation.DatasetsOfNode(node, FederationTopologyFixture.Nodes).First(d =>
            !DataHolderApprovalRule.Derive(d.TermsOfUse)
            && SyntheticCohort.Of(d) is var cohort && cohort.Count >= 2 * FederatedTrainingSchema.MinSamples
            && cohort.Select(x => x.Sex).Distinct().Count() == 2);
        return SeedCatalogue.IdOf(seed.DatasetKey);
    }

    private static JsonElement? Part(JsonElement training, int round, string node) =>
        training.GetProperty("roundsDone").EnumerateArray().FirstOrDefault(r => r.GetProperty("round").GetInt32() == round) is { ValueKind: JsonValueKind.Object } r
            ? r.GetProperty("nodes").EnumerateArray().Single(p => p.GetProperty("node").GetString() == node)
            : null;

    private static async Task<JsonElement> WaitForAsync(FederatedRunScenario s, Guid id, Func<JsonElement, bool> done, CancellationToken cancellationToken)
    {
        JsonElement last = default;
        while (!cancellationToken.IsCancellationRequested)
        {
            last = await TenantRequests.ReadAsync(await s.Rita.GetAsync($"/api/federation/trainings/{id}"), HttpStatusCode.OK);
            if (done(last))
            {
                return last;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(250), CancellationToken.None);
        }

        throw new TimeoutException($"Training {id} did not get there in time; last seen: {last}");
    }
}
