using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Eucaim.Core.Access;
using Eucaim.Core.Catalogue.Seed;
using Eucaim.Core.Contracts;
using Eucaim.Platform.Tests.Audit;
using static Eucaim.Platform.Tests.Federation.TestNode;

namespace Eucaim.Platform.Tests.Federation;

/// <summary>
/// The hub's side of a federated training, with nodes the test plays: each round's train request carries the global
/// weights; a node's contribution counts once (a copy is a conflict); one that is not exactly the declared model is
/// refused, audited, and its node's part of the round is <c>result-refused</c>; a round closes when its nodes have
/// answered and its contributions are averaged, weighted by sample count, by the aggregator job in the tenant's bubble
/// (the real sample, on the hub's job backend), whose weights start the next round; a round below its quorum ends the
/// training, one at its quorum goes on without the node that dropped out; a training with a convergence rule ends
/// after the round whose metric improved too little, opening no further round.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class FederatedTrainingHubTests(PlatformFixture fixture)
{
    private const string TrainingImage = "eucaim/federated-training:1.0";
    private static readonly string[] Metrics = ["loss", "accuracy"];

    private static readonly Guid[] Datasets = SeedCatalogue.Read()
        .Where(d => d.DataSharing.Contains("ederated", StringComparison.Ordinal) && !DataHolderApprovalRule.Derive(d.TermsOfUse))
        .Select(d => SeedCatalogue.IdOf(d.DatasetKey)).TakeLast(2).ToArray();

    private static object Contribution(TrainRequest request, double[] weights, int samples, double loss) =>
        new { trainingId = request.TrainingId, round = request.Round, weights, samples, metrics = new { loss, accuracy = 0.5 } };

    [Fact]
    public async Task Rounds_carry_the_sample_weighted_average_of_the_contributions_and_a_round_below_its_quorum_ends_the_training()
    {
        var platform = fixture.Platform;
        await using var s = await FederatedRunScenario.StartAsync(platform, Datasets);
        using var a = await RegisterAsync(platform, s.Alba, Datasets[0]);
        using var b = await RegisterAsync(platform, s.Alba, Datasets[1]);
        try
        {
            var created = await ReadAsync(await s.Rita.PostAsJsonAsync("/api/federation/trainings", Training(s, rounds: 3)), HttpStatusCode.Created);
            var id = created.GetProperty("id").GetGuid();
            Assert.Equal(2, created.GetProperty("quorum").GetInt32());
            using var patience = new CancellationTokenSource(FederatedRunScenario.Patience);

            var first = await a.NextAsync<TrainRequest>(FederationMessageKinds.TrainRequest, patience.Token);
            Assert.Equal((id, 1), (first.TrainingId, first.Round));
            Assert.Equal([Datasets[0]], first.Datasets);
            Assert.Equal([0.0, 0.0, 0.0], first.GlobalWeights);
            Assert.Equal(3, first.Model.WeightCount);
            Assert.Equal(TrainingImage, first.Image);
            await ReadAsync(await a.SendAsync(FederationMessageKinds.TrainUpdate, new TrainUpdate(id, 1, RunUpdateState.Running, null)), HttpStatusCode.Accepted);
            await ReadAsync(await a.SendAsync(FederationMessageKinds.TrainResult, Contribution(first, [1, 2, 3], 30, 0.69)), HttpStatusCode.Accepted);

            // The same contribution again (a node that lost the hub's answer sends it once more) counts nothing.
            var copy = await ReadAsync(await a.SendAsync(FederationMessageKinds.TrainResult, Contribution(first, [9, 9, 9], 30, 0.1)), HttpStatusCode.Conflict);
            Assert.Contains("contribution", copy.GetProperty("detail").GetString(), StringComparison.Ordinal);

            var ofB = await b.NextAsync<TrainRequest>(FederationMessageKinds.TrainRequest, patience.Token);
            Assert.Equal([Datasets[1]], ofB.Datasets);
            await ReadAsync(await b.SendAsync(FederationMessageKinds.TrainResult, Contribution(ofB, [3, 6, 9], 10, 0.65)), HttpStatusCode.Accepted);

            // Round 2 starts from (30·[1,2,3] + 10·[3,6,9]) / 40, as the aggregator job in the tenant computed it.
            var second = await a.NextAsync<TrainRequest>(FederationMessageKinds.TrainRequest, patience.Token);
            Assert.Equal((id, 2), (second.TrainingId, second.Round));
            Assert.Equal([1.5, 3.0, 4.5], second.GlobalWeights);
            var training = await ReadAsync(await s.Rita.GetAsync($"/api/federation/trainings/{id}"), HttpStatusCode.OK);
            var round1 = training.GetProperty("roundsDone")[0];
            Assert.Equal("done", round1.GetProperty("state").GetString());
            Assert.Equal(40, round1.GetProperty("samples").GetInt32());
            Assert.Equal((30 * 0.69 + 10 * 0.65) / 40, round1.GetProperty("metrics").GetProperty("loss").GetDouble(), 9);
            var aggregator = round1.GetProperty("aggregatorJob").GetGuid();
            var outputs = await ReadAsync(await s.Rita.GetAsync($"/api/jobs/{aggregator}/outputs"), HttpStatusCode.OK);
            var paths = outputs.EnumerateArray().Select(o => o.GetProperty("path").GetString()).ToList();
            Assert.Contains("round-1/global-weights.json", paths);
            Assert.Contains("round-1/metrics.json", paths);

            // Round 2: b drops out; the quorum is both nodes, so the training ends there, saying why.
            await ReadAsync(await a.SendAsync(FederationMessageKinds.TrainResult, Contribution(second, [1, 1, 1], 30, 0.6)), HttpStatusCode.Accepted);
            var ofB2 = await b.NextAsync<TrainRequest>(FederationMessageKinds.TrainRequest, patience.Token);
            await ReadAsync(await b.SendAsync(FederationMessageKinds.TrainUpdate, new TrainUpdate(id, ofB2.Round, RunUpdateState.Failed, "The node's job ended failed: exit code 1")), HttpStatusCode.Accepted);
            var ended = await WaitEndedAsync(s, id);
            Assert.Equal("failed", ended.GetProperty("state").GetString());
            Assert.Equal("Round 2: 1 of 2 node(s) contributed; the quorum is 2.", ended.GetProperty("reason").GetString());
            Assert.Equal(2, ended.GetProperty("roundsDone").GetArrayLength());
            Assert.Equal(HttpStatusCode.Conflict,
                (await a.SendAsync(FederationMessageKinds.TrainResult, Contribution(second, [2, 2, 2], 30, 0.5))).StatusCode);
        }
        finally
        {
            await FederatedSearchTests.RevokeAsync(s.Alba, a, b);
        }
    }

    [Fact]
    public async Task A_contribution_that_is_not_the_declared_model_is_refused_and_audited_and_the_round_goes_on_at_its_quorum()
    {
        var platform = fixture.Platform;
        await using var s = await FederatedRunScenario.StartAsync(platform, Datasets);
        using var a = await RegisterAsync(platform, s.Alba, Datasets[0]);
        using var b = await RegisterAsync(platform, s.Alba, Datasets[1]);
        try
        {
            using var patience = new CancellationTokenSource(FederatedRunScenario.Patience);

            // A file beside the weights, and too many weights: both refused, naming what was wrong; no node contributed, so
            // even a quorum of one is not reached.
            var first = (await ReadAsync(await s.Rita.PostAsJsonAsync("/api/federation/trainings", Training(s, rounds: 1, quorum: 1)), HttpStatusCode.Created))
                .GetProperty("id").GetGuid();
            var a1 = await a.NextAsync<TrainRequest>(FederationMessageKinds.TrainRequest, patience.Token);
            var b1 = await b.NextAsync<TrainRequest>(FederationMessageKinds.TrainRequest, patience.Token);
            await AssertRefusedAsync(a, new { trainingId = first, round = 1, weights = new[] { 1.0, 2, 3 }, samples = 10, metrics = new { loss = 0.5, accuracy = 0.5 }, file = "cGF0aWVudHMuY3N2" }, "body");
            await AssertRefusedAsync(b, new { trainingId = first, round = 1, weights = new[] { 1.0, 2, 3, 4 }, samples = 10, metrics = new { loss = 0.5, accuracy = 0.5 } }, "weights");
            // Once refused, the node's part of the round takes nothing more, not even a valid contribution.
            await AssertRefusedAsync(b, Contribution(b1, [1, 2, 3], 10, 0.5), "round");
            var failed = await WaitEndedAsync(s, first);
            Assert.Equal("failed", failed.GetProperty("state").GetString());
            Assert.Equal("Round 1: 0 of 2 node(s) contributed; the quorum is 1.", failed.GetProperty("reason").GetString());
            var parts = failed.GetProperty("roundsDone")[0].GetProperty("nodes").EnumerateArray().ToDictionary(n => n.GetProperty("node").GetString()!);
            Assert.All(parts.Values, p => Assert.Equal("result-refused", p.GetProperty("state").GetString()));
            Assert.StartsWith("The contribution was refused: body:", parts[a.Id].GetProperty("reason").GetString(), StringComparison.Ordinal);
            Assert.Equal(a1.TrainingId, first);

            // A sample count the node did not round is refused too; the other node's contribution makes the quorum of one.
            var second = (await ReadAsync(await s.Rita.PostAsJsonAsync("/api/federation/trainings", Training(s, rounds: 1, quorum: 1)), HttpStatusCode.Created))
                .GetProperty("id").GetGuid();
            var b2 = await b.NextAsync<TrainRequest>(FederationMessageKinds.TrainRequest, patience.Token);
            await AssertRefusedAsync(b, new { trainingId = second, round = 1, weights = new[] { 1.0, 2, 3 }, samples = 11, metrics = new { loss = 0.5, accuracy = 0.5 } }, "samples");
            var a2 = await a.NextAsync<TrainRequest>(FederationMessageKinds.TrainRequest, patience.Token);
            await ReadAsync(await a.SendAsync(FederationMessageKinds.TrainResult, Contribution(a2, [0.5, -1, 2], 25, 0.6)), HttpStatusCode.Accepted);
            var ended = await WaitEndedAsync(s, second);
            Assert.Equal("succeeded", ended.GetProperty("state").GetString());
            var round = ended.GetProperty("roundsDone")[0];
            Assert.Equal(25, round.GetProperty("samples").GetInt32());
            parts = round.GetProperty("nodes").EnumerateArray().ToDictionary(n => n.GetProperty("node").GetString()!);
            Assert.Equal("succeeded", parts[a.Id].GetProperty("state").GetString());
            Assert.Equal("result-refused", parts[b.Id].GetProperty("state").GetString());
            Assert.Equal(b2.TrainingId, second);

            var entries = await AuditLog.EntriesAsync(s.Alba, "action=federation.contribution-refused&limit=500");
            foreach (var (node, training) in new[] { (a.Id, first), (b.Id, first), (b.Id, second) })
            {
                Assert.Contains(entries, e => e.GetProperty("actor").GetString() == $"system:federation-node:{node}"
                    && e.GetProperty("targetId").GetString() == training.ToString() && e.GetProperty("outcome").GetString() == "denied");
            }
        }
        finally
        {
            await FederatedSearchTests.RevokeAsync(s.Alba, a, b);
        }
    }

    [Fact]
    public async Task A_training_whose_tenant_was_deleted_ends_failed_saying_so_and_others_go_on()
    {
        var platform = fixture.Platform;
        await using var s = await FederatedRunScenario.StartAsync(platform, Datasets);
        await using var other = await FederatedRunScenario.StartAsync(platform, Datasets);
        using var a = await RegisterAsync(platform, s.Alba, Datasets[0]);
        try
        {
            using var patience = new CancellationTokenSource(FederatedRunScenario.Patience);
            var orphan = (await ReadAsync(await s.Rita.PostAsJsonAsync("/api/federation/trainings", Training(s, rounds: 1, datasets: [Datasets[0]])), HttpStatusCode.Created))
                .GetProperty("id").GetGuid();
            var request = await a.NextAsync<TrainRequest>(FederationMessageKinds.TrainRequest, patience.Token);
            Assert.Equal(orphan, request.TrainingId);
            await ReadAsync(await s.Alba.DeleteAsync($"/api/tenants/{s.Tenant}"), HttpStatusCode.Accepted);
            while ((await s.Alba.GetAsync($"/api/tenants/{s.Tenant}")).StatusCode != HttpStatusCode.NotFound)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(250), patience.Token);
            }

            // The round closes with the node's contribution, but there is no bubble left to average it in.
            await ReadAsync(await a.SendAsync(FederationMessageKinds.TrainResult, Contribution(request, [1, 2, 3], 20, 0.6)), HttpStatusCode.Accepted);
            var ended = await WaitEndedAsync(s.Alba, orphan);
            Assert.Equal("failed", ended.GetProperty("state").GetString());
            Assert.Equal($"Round 1: the aggregator job was refused: tenant '{s.Tenant}' no longer exists.", ended.GetProperty("reason").GetString());

            // Another tenant's training is moved on as before.
            var next = (await ReadAsync(await other.Rita.PostAsJsonAsync("/api/federation/trainings", Training(other, rounds: 1, datasets: [Datasets[0]])), HttpStatusCode.Created))
                .GetProperty("id").GetGuid();
            var nextRequest = await a.NextAsync<TrainRequest>(FederationMessageKinds.TrainRequest, patience.Token);
            await ReadAsync(await a.SendAsync(FederationMessageKinds.TrainResult, Contribution(nextRequest, [1, 2, 3], 20, 0.6)), HttpStatusCode.Accepted);
            Assert.Equal("succeeded", (await WaitEndedAsync(other.Rita, next)).GetProperty("state").GetString());
        }
        finally
        {
            await FederatedSearchTests.RevokeAsync(s.Alba, a);
        }
    }

    [Fact]
    public async Task A_training_with_a_convergence_rule_ends_succeeded_after_the_round_whose_metric_improved_too_little()
    {
        var platform = fixture.Platform;
        await using var s = await FederatedRunScenario.StartAsync(platform, Datasets);
        using var a = await RegisterAsync(platform, s.Alba, Datasets[0]);
        try
        {
            var created = await ReadAsync(await s.Rita.PostAsJsonAsync("/api/federation/trainings",
                Training(s, rounds: 5, datasets: [Datasets[0]], convergence: new { metric = "loss", minImprovement = 0.05 })), HttpStatusCode.Created);
            var id = created.GetProperty("id").GetGuid();
            Assert.Equal("loss", created.GetProperty("convergence").GetProperty("metric").GetString());
            Assert.Equal(0.05, created.GetProperty("convergence").GetProperty("minImprovement").GetDouble());
            using var patience = new CancellationTokenSource(FederatedRunScenario.Patience);

            // Round 2 improves the loss by 0.19, enough to go on; round 3 by 0.02, less than 0.05: the training ends there.
            foreach (var (number, loss) in new[] { (1, 0.69), (2, 0.50), (3, 0.48) })
            {
                var request = await a.NextAsync<TrainRequest>(FederationMessageKinds.TrainRequest, patience.Token);
                while (request.Round < number)
                {
                    // A copy of the round just contributed to, handed over before the contribution arrived.
                    request = await a.NextAsync<TrainRequest>(FederationMessageKinds.TrainRequest, patience.Token);
                }

                Assert.Equal((id, number), (request.TrainingId, request.Round));
                await ReadAsync(await a.SendAsync(FederationMessageKinds.TrainResult, Contribution(request, [1, 2, 3], 20, loss)), HttpStatusCode.Accepted);
            }

            var ended = await WaitEndedAsync(s, id);
            Assert.Equal("succeeded", ended.GetProperty("state").GetString());
            Assert.Equal("Converged after round 3 of 5: loss improved by 0.02 (< 0.05).", ended.GetProperty("reason").GetString());
            Assert.Equal(3, ended.GetProperty("round").GetInt32());
            Assert.Equal(5, ended.GetProperty("rounds").GetInt32());
            var rounds = ended.GetProperty("roundsDone").EnumerateArray().ToList();
            Assert.Equal([1, 2, 3], rounds.Select(r => r.GetProperty("round").GetInt32()));
            Assert.All(rounds, r => Assert.Equal("done", r.GetProperty("state").GetString()));
            Assert.Equal([0.69, 0.50, 0.48], rounds.Select(r => Math.Round(r.GetProperty("metrics").GetProperty("loss").GetDouble(), 9)));

            // No round 4 was opened, so the node is handed no train request of it.
            var after = await a.PollAsync(2, patience.Token, FederationMessageKinds.TrainRequest);
            Assert.DoesNotContain(after, m => m.BodyAs<TrainRequest>().Round > 3);

            var entries = await AuditLog.EntriesAsync(s.Alba, "action=federation.training-ended&limit=500");
            var entry = Assert.Single(entries, e => e.GetProperty("targetId").GetString() == id.ToString());
            var details = entry.GetProperty("details");
            Assert.Equal("succeeded", details.GetProperty("state").GetString());
            Assert.Equal("loss", details.GetProperty("converged").GetString());
            Assert.Equal("3", details.GetProperty("round").GetString());
            Assert.Equal("5", details.GetProperty("rounds").GetString());
        }
        finally
        {
            await FederatedSearchTests.RevokeAsync(s.Alba, a);
        }
    }

    private static async Task AssertRefusedAsync(TestNode node, object contribution, string field)
    {
        var refused = await ReadAsync(await node.SendAsync(FederationMessageKinds.TrainResult, contribution), HttpStatusCode.BadRequest);
        Assert.True(refused.GetProperty("errors").TryGetProperty(field, out _), $"expected a refusal naming {field}: {refused}");
    }

    [Fact]
    public async Task A_training_is_refused_with_the_field_named_when_its_model_rounds_or_quorum_are_wrong()
    {
        var platform = fixture.Platform;
        await using var s = await FederatedRunScenario.StartAsync(platform, Datasets);
        using var a = await RegisterAsync(platform, s.Alba, Datasets[0]);
        using var b = await RegisterAsync(platform, s.Alba, Datasets[1]);
        try
        {
            foreach (var (body, field) in new (object, string)[]
                     {
                         (Training(s, rounds: 0), "rounds"),
                         (Training(s, rounds: 51), "rounds"),
                         (Training(s, rounds: 2, weightCount: 129), "weightCount"),
                         (Training(s, rounds: 2, metrics: ["dice"]), "metrics"),
                         (Training(s, rounds: 2, quorum: 3), "quorum"),
                         (Training(s, rounds: 2, initialWeights: [1.0, 2.0]), "initialWeights"),
                         (Training(s, rounds: 2, image: "eucaim/not-listed:1.0"), "image"),
                         (Training(s, rounds: 2, convergence: new { metric = "auc", minImprovement = 0.01 }), "convergence.metric"),
                         (Training(s, rounds: 2, convergence: new { metric = "loss", minImprovement = 0.0 }), "convergence.minImprovement"),
                         (Training(s, rounds: 2, convergence: new { metric = "loss" }), "convergence.minImprovement"),
                         (Training(s, rounds: 1, convergence: new { metric = "loss", minImprovement = 0.01 }), "convergence"),
                     })
            {
                var problem = await ReadAsync(await s.Rita.PostAsJsonAsync("/api/federation/trainings", body), HttpStatusCode.BadRequest);
                Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), $"{field}: {problem}");
            }

            var list = await ReadAsync(await s.Rita.GetAsync($"/api/federation/trainings?tenant={s.Tenant}"), HttpStatusCode.OK);
            Assert.Equal(0, list.GetArrayLength());
        }
        finally
        {
            await FederatedSearchTests.RevokeAsync(s.Alba, a, b);
        }
    }

    private static object Training(
        FederatedRunScenario s, int rounds, int? quorum = null, int weightCount = 3, string[]? metrics = null, double[]? initialWeights = null, string image = TrainingImage,
        Guid[]? datasets = null, object? convergence = null) => new
    {
        tenant = s.Tenant,
        image,
        datasets = datasets ?? Datasets,
        flavor = FederatedRunScenario.Flavor,
        rounds,
        weightCount,
        metrics = metrics ?? Metrics,
        initialWeights,
        quorum,
        convergence,
    };

    private static Task<JsonElement> WaitEndedAsync(FederatedRunScenario s, Guid id) => WaitEndedAsync(s.Rita, id);

    private static async Task<JsonElement> WaitEndedAsync(HttpClient reader, Guid id)
    {
        using var patience = new CancellationTokenSource(FederatedRunScenario.Patience);
        JsonElement last = default;
        while (!patience.IsCancellationRequested)
        {
            last = await ReadAsync(await reader.GetAsync($"/api/federation/trainings/{id}"), HttpStatusCode.OK);
            if (last.GetProperty("state").GetString() != "training")
            {
                return last;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(250));
        }

        throw new TimeoutException($"Training {id} did not end within {FederatedRunScenario.Patience}; last seen: {last}");
    }
}
