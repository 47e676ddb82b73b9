using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Eucaim.Core.Access;
using Eucaim.Core.Catalogue.Seed;
using Eucaim.Core.Contracts;
using Eucaim.Platform.Tests.Federation;
using static Eucaim.Platform.Tests.Federation.TestNode;
using static Eucaim.Platform.Tests.Cli.CliSteps;

namespace Eucaim.Platform.Tests.Cli;

/// <summary>
/// <c>eucaim federation runs …</c> and <c>trainings …</c> against the running hub, with a node the test plays
/// (<see cref="TestNode"/>): a run submitted with the tool, its node's result read with <c>runs show --wait</c>
/// (metrics, a released and a suppressed count); a one-round training whose node contributes and whose real
/// aggregator job averages the round, followed with <c>trainings show --wait</c>; refusals naming the field.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class CliFederatedRunsTests(PlatformFixture fixture)
{
    private const int FailureExit = 1;
    private const int RefusedExit = 4;
    private const string TrainingImage = "eucaim/federated-training:1.0";

    // A federated dataset a grant needs no data holder for: kai's approval is enough.
    private static readonly Guid Dataset = SeedCatalogue.Read()
        .Where(d => d.DataSharing.Contains("ederated", StringComparison.Ordinal) && !DataHolderApprovalRule.Derive(d.TermsOfUse))
        .Select(d => SeedCatalogue.IdOf(d.DatasetKey)).Last();

    private Uri ApiUrl => fixture.Platform.App.GetEndpoint("api", "http");

    [Fact]
    public async Task A_run_submitted_with_the_tool_is_followed_with_show_wait_to_its_nodes_metrics_and_counts()
    {
        var platform = fixture.Platform;
        await using var s = await FederatedRunScenario.StartAsync(platform, Dataset);
        using var node = await RegisterAsync(platform, s.Alba, Dataset);
        using var cli = new CliUser(ApiUrl);
        try
        {
            await SignInAsync(cli, "rita");
            var submitted = await Ok(cli, "federation", "runs", "submit", "--tenant", s.Tenant, "--image", FederatedRunScenario.ValidationImage,
                "--flavor", FederatedRunScenario.Flavor, "--dataset", Dataset.ToString(), "--metric", "accuracy", "--metric", "auc",
                "--count", "subjects", "--count", "female", "--", "--age-threshold", "60");
            var line = Regex.Match(submitted.Output.Trim(), $@"^Submitted federated run (?<id>[0-9a-f-]{{36}}) \({s.Tenant}\) to 1 node: {node.Id}\.$");
            Assert.True(line.Success, submitted.ToString());
            var runId = Guid.Parse(line.Groups["id"].Value);
            Assert.Contains($"eucaim federation runs show {runId} --wait", submitted.Error);

            using var patience = new CancellationTokenSource(FederatedRunScenario.Patience);
            RunRequest request;
            do
            {
                request = await node.NextRunRequestAsync(patience.Token);
            }
            while (request.RunId != runId);
            Assert.Equal([Dataset], request.Datasets);
            Assert.Equal(["accuracy", "auc"], request.Schema.Metrics);
            Assert.Equal(["subjects", "female"], request.Schema.Counts);
            Assert.Equal(["--age-threshold", "60"], request.Arguments);

            // The tool waits while the node runs, and ends when the node's part is final.
            var waiting = cli.Start("federation", "runs", "show", runId.ToString(), "--wait");
            await ReadAsync(await node.SendAsync(FederationMessageKinds.RunUpdate, new RunUpdate(runId, RunUpdateState.Running, null)), HttpStatusCode.Accepted);
            await waiting.Error.WaitForAsync(new Regex($@"run {runId}: {node.Id} running"), waiting.Exit);
            Assert.False(waiting.Exit.IsCompleted, waiting.Output.Text);
            await ReadAsync(await node.SendAsync(FederationMessageKinds.RunResult, new RunResult(runId,
                new Dictionary<string, double> { ["accuracy"] = 0.75, ["auc"] = 0.5 },
                new Dictionary<string, PrivateCount> { ["subjects"] = new(37, false), ["female"] = new(null, true) })), HttpStatusCode.Accepted);
            var exit = await waiting.Exit.WaitAsync(TimeSpan.FromMinutes(2));
            var shown = new CliResult(exit, waiting.Output.Text, waiting.Error.Text);
            Assert.True(exit == 0, shown.ToString());
            Assert.Contains($"run {runId}: {node.Id} succeeded", shown.Error);
            Has(shown.Output, $@"(?m)^\s*node\s+accuracy\s+auc\s+subjects\s+female\s*$");
            Has(shown.Output, $@"(?m)^\s*{node.Id}\s+0\.75\s+0\.5\s+37\s+suppressed\s*$");
            Has(shown.Output, $@"(?m)^\s*{node.Id}\s+succeeded\s+1\s");
            Assert.Contains("1 node: 1 succeeded", shown.Output);

            var listed = (await Ok(cli, "federation", "runs", "list", "--tenant", s.Tenant)).Output;
            Assert.Contains("1 federated run.", listed);
            Has(listed, $@"{runId}\s+{s.Tenant}\s.+accuracy, auc\s+1 node: 1 succeeded");

            // --json is the API's document as it came.
            var json = Json(await Ok(cli, "federation", "runs", "show", runId.ToString(), "--json"));
            Assert.Equal(runId, json.GetProperty("id").GetGuid());
            var part = FederatedRunScenario.Node(json, node.Id);
            Assert.Equal("succeeded", part.GetProperty("state").GetString());
            Assert.Equal(0.75, part.GetProperty("result").GetProperty("metrics").GetProperty("accuracy").GetDouble());
            Assert.Equal(37, part.GetProperty("result").GetProperty("counts").GetProperty("subjects").GetProperty("value").GetInt32());
            Assert.True(part.GetProperty("result").GetProperty("counts").GetProperty("female").GetProperty("suppressed").GetBoolean());
            var list = Json(await Ok(cli, "federation", "runs", "list", "--tenant", s.Tenant, "--json"));
            Assert.Equal(runId, Assert.Single(list.EnumerateArray()).GetProperty("id").GetGuid());
        }
        finally
        {
            await FederatedSearchTests.RevokeAsync(s.Alba, node);
        }
    }

    [Fact]
    public async Task A_one_round_training_at_quorum_one_is_followed_with_show_wait_through_its_aggregator_job_to_its_metrics()
    {
        var platform = fixture.Platform;
        await using var s = await FederatedRunScenario.StartAsync(platform, Dataset);
        using var node = await RegisterAsync(platform, s.Alba, Dataset);
        using var cli = new CliUser(ApiUrl);
        try
        {
            await SignInAsync(cli, "rita");
            var submitted = Json(await Ok(cli, "federation", "trainings", "submit", "--tenant", s.Tenant, "--image", TrainingImage,
                "--flavor", FederatedRunScenario.Flavor, "--dataset", Dataset.ToString(), "--rounds", "1", "--weight-count", "3",
                "--metric", "loss", "--metric", "accuracy", "--quorum", "1", "--round-minutes", "10",
                "--initial-weight", "0.5", "--initial-weight", "-1", "--initial-weight", "2", "--json", "--", "--epochs", "5"));
            var id = submitted.GetProperty("id").GetGuid();
            Assert.Equal("training", submitted.GetProperty("state").GetString());
            Assert.Equal(1, submitted.GetProperty("quorum").GetInt32());
            Assert.Equal(10, submitted.GetProperty("roundMinutes").GetInt32());

            using var patience = new CancellationTokenSource(FederatedRunScenario.Patience);
            TrainRequest request;
            do
            {
                request = await node.NextAsync<TrainRequest>(FederationMessageKinds.TrainRequest, patience.Token);
            }
            while (request.TrainingId != id);
            Assert.Equal(1, request.Round);
            Assert.Equal([0.5, -1.0, 2.0], request.GlobalWeights);
            Assert.Equal(["--epochs", "5"], request.Arguments);

            var waiting = cli.Start("federation", "trainings", "show", id.ToString(), "--wait");
            await ReadAsync(await node.SendAsync(FederationMessageKinds.TrainUpdate, new TrainUpdate(id, 1, RunUpdateState.Running, null)), HttpStatusCode.Accepted);
            await ReadAsync(await node.SendAsync(FederationMessageKinds.TrainResult,
                new { trainingId = id, round = 1, weights = new[] { 1.0, 2, 3 }, samples = 25, metrics = new { loss = 0.5, accuracy = 0.75 } }), HttpStatusCode.Accepted);

            // The round closes at its quorum; the hub's real aggregator job averages it in the tenant, then the training ends.
            var exit = await waiting.Exit.WaitAsync(FederatedRunScenario.Patience);
            var shown = new CliResult(exit, waiting.Output.Text, waiting.Error.Text);
            Assert.True(exit == 0, shown.ToString());
            var roundLine = Assert.Single(shown.Error.Split('\n'), l => l.Contains($"training {id}: round 1", StringComparison.Ordinal));
            Has(roundLine, @"round 1 of 1 done: 25 samples from 1 of 1 node\(s\); (loss 0\.5, accuracy 0\.75|accuracy 0\.75, loss 0\.5); aggregator job [0-9a-f-]{36}");
            Assert.Contains("succeeded", shown.Output);
            Assert.Contains("1 of 1", shown.Output);
            Has(shown.Output, @"(?m)^\s*1\s+done\s+25\s+(loss 0\.5, accuracy 0\.75|accuracy 0\.75, loss 0\.5)\s+[0-9a-f-]{36}");
            Has(shown.Output, $@"(?m)^\s*1\s+{node.Id}\s+succeeded\s+25\s*$");

            var json = Json(await Ok(cli, "federation", "trainings", "show", id.ToString(), "--json"));
            Assert.Equal("succeeded", json.GetProperty("state").GetString());
            var round = Assert.Single(json.GetProperty("roundsDone").EnumerateArray());
            Assert.Equal(25, round.GetProperty("samples").GetInt32());
            Assert.Equal(0.5, round.GetProperty("metrics").GetProperty("loss").GetDouble(), 9);
            var aggregator = round.GetProperty("aggregatorJob").GetGuid();
            Assert.Contains(aggregator.ToString(), roundLine);

            var listed = (await Ok(cli, "federation", "trainings", "list", "--tenant", s.Tenant)).Output;
            Assert.Contains("1 federated training.", listed);
            Has(listed, $@"{id}\s+{s.Tenant}\s+succeeded\s+1 of 1\s");
            Assert.Equal(id, Assert.Single(Json(await Ok(cli, "federation", "trainings", "list", "--tenant", s.Tenant, "--json")).EnumerateArray())
                .GetProperty("id").GetGuid());
        }
        finally
        {
            await FederatedSearchTests.RevokeAsync(s.Alba, node);
        }
    }

    [Fact]
    public async Task Refused_submissions_name_the_field_and_exit_with_the_refused_code_and_a_failed_training_makes_show_wait_exit_1()
    {
        var platform = fixture.Platform;
        await using var s = await FederatedRunScenario.StartAsync(platform, Dataset);
        using var node = await RegisterAsync(platform, s.Alba, Dataset);
        using var cli = new CliUser(ApiUrl);
        try
        {
            await SignInAsync(cli, "rita");
            string[] run = ["federation", "runs", "submit", "--tenant", s.Tenant, "--image", FederatedRunScenario.ValidationImage,
                "--flavor", FederatedRunScenario.Flavor, "--dataset", Dataset.ToString()];
            var unknownMetric = await cli.RunAsync([.. run, "--metric", "accuracy", "--metric", "precision"]);
            Assert.True(unknownMetric.ExitCode == RefusedExit, unknownMetric.ToString());
            var error = OneLine(unknownMetric.Error);
            Assert.Contains("metrics: ", error);
            Assert.Contains("[HTTP 400", error);
            Has(unknownMetric.Output, @"(?m)^\s*metrics\s+metrics-invalid\s+400\s");

            var problem = await cli.RunAsync([.. run, "--metric", "precision", "--json"]);
            Assert.True(problem.ExitCode == RefusedExit, problem.ToString());
            Assert.Equal("metrics", Json(problem).GetProperty("field").GetString());

            var otherFlavor = await cli.RunAsync([.. run.Select(a => a == FederatedRunScenario.Flavor ? FederatedRunScenario.OtherFlavor : a), "--metric", "auc"]);
            Assert.True(otherFlavor.ExitCode == RefusedExit, otherFlavor.ToString());
            Assert.Contains("flavor: ", OneLine(otherFlavor.Error));
            Assert.Contains("[HTTP 403", OneLine(otherFlavor.Error));

            string[] training = ["federation", "trainings", "submit", "--tenant", s.Tenant, "--image", TrainingImage,
                "--flavor", FederatedRunScenario.Flavor, "--dataset", Dataset.ToString(), "--metric", "loss"];
            var noRounds = await cli.RunAsync([.. training, "--rounds", "0", "--weight-count", "3"]);
            Assert.True(noRounds.ExitCode == RefusedExit, noRounds.ToString());
            Assert.Contains("rounds: ", OneLine(noRounds.Error));
            var wrongWeights = await cli.RunAsync([.. training, "--rounds", "1", "--weight-count", "3", "--initial-weight", "1", "--initial-weight", "2"]);
            Assert.True(wrongWeights.ExitCode == RefusedExit, wrongWeights.ToString());
            Assert.Contains("initialWeights: ", OneLine(wrongWeights.Error));
            var undeclared = await cli.RunAsync([.. training, "--rounds", "2", "--weight-count", "3", "--converge-metric", "auc", "--min-improvement", "0.01"]);
            Assert.True(undeclared.ExitCode == RefusedExit, undeclared.ToString());
            Assert.Contains("convergence.metric: ", OneLine(undeclared.Error));
            var noMinimum = await cli.RunAsync([.. training, "--rounds", "2", "--weight-count", "3", "--converge-metric", "loss", "--json"]);
            Assert.True(noMinimum.ExitCode == RefusedExit, noMinimum.ToString());
            Assert.Equal("convergence.minImprovement", Json(noMinimum).GetProperty("field").GetString());
            Assert.Equal(0, Json(await Ok(cli, "federation", "trainings", "list", "--tenant", s.Tenant, "--json")).GetArrayLength());
            Assert.Equal(0, Json(await Ok(cli, "federation", "runs", "list", "--tenant", s.Tenant, "--json")).GetArrayLength());

            // A node that fails its part leaves the round below its quorum: the training fails, and show --wait exits 1.
            var submitted = Json(await Ok(cli, [.. training, "--rounds", "2", "--weight-count", "3", "--converge-metric", "loss", "--min-improvement", "1e-3", "--json"]));
            var id = submitted.GetProperty("id").GetGuid();
            Assert.Equal("loss", submitted.GetProperty("convergence").GetProperty("metric").GetString());
            Assert.Equal(0.001, submitted.GetProperty("convergence").GetProperty("minImprovement").GetDouble());
            using var patience = new CancellationTokenSource(FederatedRunScenario.Patience);
            TrainRequest request;
            do
            {
                request = await node.NextAsync<TrainRequest>(FederationMessageKinds.TrainRequest, patience.Token);
            }
            while (request.TrainingId != id);
            await ReadAsync(await node.SendAsync(FederationMessageKinds.TrainUpdate,
                new TrainUpdate(id, 1, RunUpdateState.Failed, "The node's job ended failed: exit code 3")), HttpStatusCode.Accepted);
            var failed = await cli.RunAsync("federation", "trainings", "show", id.ToString(), "--wait");
            Assert.True(failed.ExitCode == FailureExit, failed.ToString());
            Assert.Contains("failed: Round 1: 0 of 1 node(s) contributed; the quorum is 1.", failed.Output);
            Has(failed.Output, $@"(?m)^\s*1\s+{node.Id}\s+failed\s+The node's job ended failed: exit code 3");
        }
        finally
        {
            await FederatedSearchTests.RevokeAsync(s.Alba, node);
        }
    }
}
