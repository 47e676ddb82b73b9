using System.Globalization;
using System.Text.Json;
using Eucaim.Core.Catalogue.Seed;
using Eucaim.Core.Federation;
using Eucaim.SampleJob;
using Xunit.Abstractions;

namespace Eucaim.Jobs.Tests.SampleJob;

/// <summary>
/// The federated training sample over real DICOM files: FedAvg rounds over two nodes' synthetic cohorts really lower
/// the loss, weights.json holds exactly what the node may send, and inputs it cannot train on write no weights.
/// </summary>
public sealed class LocalTrainingTests(ITestOutputHelper output) : IDisposable
{
    private const string AllMetrics = "loss,accuracy,auc";

    private readonly string _root = Directory.CreateTempSubdirectory("eucaim-training-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public void Three_FedAvg_rounds_over_two_nodes_lower_the_loss_and_lift_the_accuracy_of_the_global_model()
    {
        // Each node holds its own hospitals' datasets (the dev topology's split), both sexes in each.
        var nodes = new[] { 1, 2 }.Select(n => (Id: DevFederation.NodeId(n), Data: Path.Combine(_root, $"node-{n}"),
            Cohort: DevFederation.DatasetsOfNode(n, 2).Where(d => SyntheticCohort.Of(d).Select(s => s.Sex).Distinct().Count() == 2)
                .OrderByDescending(SyntheticCohort.SizeOf).Take(2).ToList())).ToList();
        foreach (var node in nodes)
        {
            node.Cohort.ForEach(seed => StagedCohort.Write(seed, node.Data));
        }

        Assert.Empty(nodes[0].Cohort.Select(d => d.DatasetKey).Intersect(nodes[1].Cohort.Select(d => d.DatasetKey)));
        var bubble = Path.Combine(_root, "bubble");
        IReadOnlyList<double> global = [0, 0, 0];
        var rounds = new List<RoundMetrics>();
        for (var round = 1; round <= 3; round++)
        {
            var contributions = new List<FedAvgContribution>();
            foreach (var node in nodes)
            {
                var folder = Path.Combine(_root, $"{node.Id}-output-{round}");
                var trained = Train([], node.Data, folder, round, JsonSerializer.Serialize(global), AllMetrics);
                // The node sends its sample count rounded up, as FederatedRunner releases it.
                contributions.Add(new FedAvgContribution(node.Id, trained.Weights, FederatedTrainingSchema.ReleasedSamples(trained.Samples), trained.Metrics));
            }

            var input = JsonSerializer.Serialize(new FedAvgRound(Guid.NewGuid(), round, contributions), TrainingDocuments.Options);
            using var log = new StringWriter();
            Assert.True(FederatedAveraging.Run([], bubble, input, log, log) == 0, log.ToString());
            global = Read<GlobalWeights>(Path.Combine(bubble, $"round-{round}", "global-weights.json")).Weights;
            rounds.Add(Read<RoundMetrics>(Path.Combine(bubble, $"round-{round}", "metrics.json")));
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"round {round}: {string.Join(", ", rounds[^1].Metrics.Select(m => $"{m.Key} {m.Value:F4}"))}; global after it [{string.Join(", ", global.Select(w => w.ToString("F3", CultureInfo.InvariantCulture)))}]"));
        }

        // Round 1 starts from zero weights: p = ½ for everyone, so the loss is ln 2 and every score ties.
        Assert.All(rounds[0].Nodes, n => Assert.Equal(Math.Log(2), n.Metrics["loss"], 12));
        Assert.Equal(0.5, rounds[0].Metrics["auc"], 12);
        Assert.True(rounds[2].Metrics["loss"] < rounds[0].Metrics["loss"] - 0.1, $"loss {rounds[0].Metrics["loss"]} → {rounds[2].Metrics["loss"]}");
        Assert.True(rounds[2].Metrics["accuracy"] >= 0.7, $"accuracy at round 3: {rounds[2].Metrics["accuracy"]}");
        Assert.True(rounds[2].Metrics["auc"] >= 0.75, $"auc at round 3: {rounds[2].Metrics["auc"]}");
        // What it learnt is the signal the cohort carries: women's patches are darker.
        Assert.True(global[1] < -0.5, $"patch weight {global[1]}");
    }

    [Fact]
    public void Weights_json_holds_the_weights_the_true_sample_count_and_only_the_declared_metrics_of_the_incoming_weights()
    {
        var (data, cohort) = StageMixed();
        double[] incoming = [0.2, -0.8, 0.3];

        var trained = Train(["--epochs", "1", "--learning-rate", "0.5"], data, Output, 4, JsonSerializer.Serialize(incoming), "auc,loss");

        Assert.Equal(["weights.json"], Directory.GetFiles(Output).Select(Path.GetFileName));
        using (var written = JsonDocument.Parse(File.ReadAllText(Path.Combine(Output, "weights.json"))))
        {
            Assert.Equal(["metrics", "samples", "weights"], written.RootElement.EnumerateObject().Select(p => p.Name).Order());
            Assert.Equal(["auc", "loss"], written.RootElement.GetProperty("metrics").EnumerateObject().Select(p => p.Name).Order());
        }

        Assert.Equal(cohort.Count, trained.Samples);
        // The metrics, computed here from the cohort's truth: the image's patch mean is the drawn level.
        var x = cohort.Select(s => new[] { 1, (s.PatchBrightness - 112) / 20.0, (s.AgeAtStudy - 60) / 15.0 }).ToList();
        var y = cohort.Select(s => s.Sex == "F" ? 1.0 : 0).ToList();
        var z = x.Select(f => f.Zip(incoming, (a, b) => a * b).Sum()).ToList();
        var p = z.Select(v => 1 / (1 + Math.Exp(-v))).ToList();
        var loss = p.Select((pi, i) => -(y[i] * Math.Log(pi) + (1 - y[i]) * Math.Log(1 - pi))).Average();
        Assert.Equal(loss, trained.Metrics["loss"], 10);
        var female = z.Where((_, i) => y[i] == 1).ToList();
        var male = z.Where((_, i) => y[i] == 0).ToList();
        var auc = female.Sum(f => male.Sum(m => f > m ? 1.0 : f == m ? 0.5 : 0)) / (female.Count * (double)male.Count);
        Assert.Equal(auc, trained.Metrics["auc"], 12);
        // One epoch is one gradient step from the incoming weights: w − η · mean((p − y) x).
        for (var j = 0; j < 3; j++)
        {
            var gradient = x.Select((f, i) => (p[i] - y[i]) * f[j]).Average();
            Assert.Equal(incoming[j] - 0.5 * gradient, trained.Weights[j], 10);
        }
    }

    [Fact]
    public void Inputs_it_cannot_train_from_end_with_2_and_a_one_sex_cohort_with_3_and_no_weights()
    {
        var (data, _) = StageMixed();
        Assert.Equal(2, Run([], data, 1, "[0, 0]", AllMetrics, out var error));
        Assert.Contains("EUCAIM_GLOBAL_WEIGHTS", error, StringComparison.Ordinal);
        Assert.Equal(2, Run([], data, 1, "[0, 0, 0, 0]", AllMetrics, out _));
        Assert.Equal(2, Run([], data, 1, "[0, \"0\", 0]", AllMetrics, out _));
        Assert.Equal(2, Run([], data, 1, "{\"weights\": [0, 0, 0]}", AllMetrics, out _));
        Assert.Equal(2, Run([], data, 1, null, AllMetrics, out _));
        Assert.Equal(2, Run([], data, 0, "[0, 0, 0]", AllMetrics, out _));
        Assert.Equal(2, Run([], data, 1, "[0, 0, 0]", "loss,dice", out error));
        Assert.Contains("dice", error, StringComparison.Ordinal);
        Assert.Equal(2, Run([], data, 1, "[0, 0, 0]", "", out _));
        Assert.Equal(2, Run(["--epochs", "0"], data, 1, "[0, 0, 0]", AllMetrics, out _));
        Assert.Equal(2, Run(["--learning-rate"], data, 1, "[0, 0, 0]", AllMetrics, out _));
        Assert.Equal(2, Run(["--age-threshold", "50"], data, 1, "[0, 0, 0]", AllMetrics, out _));

        var oneSex = SeedCatalogue.Read().First(d => d.DataSharing.Contains("ederated", StringComparison.Ordinal)
            && SyntheticCohort.Of(d).Select(s => s.Sex).Distinct().Count() == 1);
        var oneSexData = Path.Combine(_root, "one-sex");
        StagedCohort.Write(oneSex, oneSexData);
        Assert.Equal(3, Run([], oneSexData, 1, "[0, 0, 0]", AllMetrics, out error));
        Assert.Contains("both", error, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(Output, "weights.json")));
        // And the same data and weights train once they are valid.
        Assert.Equal(0, Run([], data, 1, "[0, 0, 0]", AllMetrics, out _));
    }

    [Fact]
    public void The_sample_computes_exactly_the_metrics_a_training_may_declare() =>
        Assert.Equal(FederatedTrainingSchema.Metrics, LocalTraining.Metrics);

    private string Output => Path.Combine(_root, "output");

    /// <summary>The largest federated seed dataset with both sexes, staged alone.</summary>
    private (string Data, IReadOnlyList<SyntheticSubject> Cohort) StageMixed()
    {
        var seed = DevFederation.DatasetsOfNode(1, 1).Where(d => SyntheticCohort.Of(d).Select(s => s.Sex).Distinct().Count() == 2)
            .OrderByDescending(SyntheticCohort.SizeOf).First();
        var data = Path.Combine(_root, "mixed");
        return (data, StagedCohort.Write(seed, data));
    }

    private int Run(string[] args, string data, int round, string? weights, string metrics, out string error)
    {
        using var log = new StringWriter();
        using var errors = new StringWriter();
        var code = LocalTraining.Run(args, data, Output, round.ToString(CultureInfo.InvariantCulture), weights, metrics, log, errors);
        error = errors.ToString();
        return code;
    }

    private TrainedWeights Train(string[] args, string data, string folder, int round, string weights, string metrics)
    {
        using var log = new StringWriter();
        var code = LocalTraining.Run(args, data, folder, round.ToString(CultureInfo.InvariantCulture), weights, metrics, log, log);
        Assert.True(code == 0, log.ToString());
        return Read<TrainedWeights>(Path.Combine(folder, "weights.json"));
    }

    private static T Read<T>(string path) =>
        JsonSerializer.Deserialize<T>(File.ReadAllText(path), TrainingDocuments.Options) ?? throw new InvalidOperationException($"{path} is null");
}
