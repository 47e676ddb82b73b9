using System.Diagnostics;
using System.Text.Json;
using Eucaim.SampleJob;

namespace Eucaim.Jobs.Tests.SampleJob;

/// <summary>The FedAvg aggregator: sample-weighted means of a round's contributions, and nothing averaged from a round it cannot average.</summary>
public sealed class FederatedAveragingTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("eucaim-fedavg-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public void The_global_weights_and_metrics_are_means_weighted_by_each_nodes_samples()
    {
        const string round = """
            {"trainingId":"6f1c9a40-0d7e-4d8e-9a55-3c1d2b7e9f01","round":2,"contributions":[
              {"node":"node-1","weights":[1,2,3],"samples":10,"metrics":{"loss":0.5,"accuracy":0.6}},
              {"node":"node-2","weights":[4,5,-6],"samples":30,"metrics":{"loss":0.3}}]}
            """;

        Assert.Equal(0, Run(round, out var error));

        Assert.Empty(error);
        Assert.Equal(["round-2"], Directory.GetDirectories(_root).Select(Path.GetFileName));
        using var global = JsonDocument.Parse(File.ReadAllText(Path.Combine(_root, "round-2", "global-weights.json")));
        Assert.Equal(["round", "samples", "weights"], global.RootElement.EnumerateObject().Select(p => p.Name).Order());
        Assert.Equal(2, global.RootElement.GetProperty("round").GetInt32());
        Assert.Equal(40, global.RootElement.GetProperty("samples").GetInt32());
        // (10·1 + 30·4)/40, (10·2 + 30·5)/40, (10·3 − 30·6)/40.
        double[] expected = [3.25, 4.25, -3.75];
        var weights = global.RootElement.GetProperty("weights").EnumerateArray().Select(w => w.GetDouble()).ToList();
        Assert.Equal(3, weights.Count);
        Assert.All(expected.Zip(weights), pair => Assert.Equal(pair.First, pair.Second, 12));

        using var metrics = JsonDocument.Parse(File.ReadAllText(Path.Combine(_root, "round-2", "metrics.json")));
        Assert.Equal(["metrics", "nodes", "round"], metrics.RootElement.EnumerateObject().Select(p => p.Name).Order());
        var means = metrics.RootElement.GetProperty("metrics");
        // (10·0.5 + 30·0.3)/40; accuracy came from node-1 alone.
        Assert.Equal(0.35, means.GetProperty("loss").GetDouble(), 12);
        Assert.Equal(0.6, means.GetProperty("accuracy").GetDouble(), 12);
        var nodes = metrics.RootElement.GetProperty("nodes").EnumerateArray().ToList();
        Assert.Equal(["node-1", "node-2"], nodes.Select(n => n.GetProperty("node").GetString()));
        Assert.Equal([10, 30], nodes.Select(n => n.GetProperty("samples").GetInt32()));
        Assert.Equal(0.3, nodes[1].GetProperty("metrics").GetProperty("loss").GetDouble());
        Assert.False(nodes[1].GetProperty("metrics").TryGetProperty("accuracy", out _));
    }

    [Theory]
    [InlineData("""{"trainingId":"6f1c9a40-0d7e-4d8e-9a55-3c1d2b7e9f01","round":1,"contributions":[{"node":"a","weights":[1,2,3],"samples":10,"metrics":{}},{"node":"b","weights":[1,2],"samples":10,"metrics":{}}]}""", "2 weights")]
    [InlineData("""{"trainingId":"6f1c9a40-0d7e-4d8e-9a55-3c1d2b7e9f01","round":1,"contributions":[{"node":"a","weights":[1,2,3],"samples":0,"metrics":{}}]}""", "0 samples")]
    [InlineData("""{"trainingId":"6f1c9a40-0d7e-4d8e-9a55-3c1d2b7e9f01","round":1,"contributions":[{"node":"a","weights":[1,2,3],"samples":-5,"metrics":{}}]}""", "-5 samples")]
    [InlineData("""{"trainingId":"6f1c9a40-0d7e-4d8e-9a55-3c1d2b7e9f01","round":1,"contributions":[]}""", "no contributions")]
    [InlineData("""{"trainingId":"6f1c9a40-0d7e-4d8e-9a55-3c1d2b7e9f01","round":1,"contributions":[{"node":"a","weights":[1,"NaN",3],"samples":10,"metrics":{}}]}""", "EUCAIM_FEDAVG_ROUND")]
    [InlineData("""{"trainingId":"6f1c9a40-0d7e-4d8e-9a55-3c1d2b7e9f01","round":1,"contributions":[{"node":"a","weights":[1,1e400,3],"samples":10,"metrics":{}}]}""", "weight that is not a finite number")]
    [InlineData("""{"trainingId":"6f1c9a40-0d7e-4d8e-9a55-3c1d2b7e9f01","round":1,"contributions":[{"node":"a","weights":[1,2,3],"samples":10,"metrics":{"loss":1e400}}]}""", "loss that is not a finite number")]
    [InlineData("""{"trainingId":"6f1c9a40-0d7e-4d8e-9a55-3c1d2b7e9f01","round":1,"contributions":[{"node":"a","weights":[1,2,3],"metrics":{}}]}""", "EUCAIM_FEDAVG_ROUND")]
    [InlineData("""{"trainingId":"6f1c9a40-0d7e-4d8e-9a55-3c1d2b7e9f01","round":1}""", "EUCAIM_FEDAVG_ROUND")]
    [InlineData("not json", "EUCAIM_FEDAVG_ROUND")]
    [InlineData("null", "EUCAIM_FEDAVG_ROUND")]
    [InlineData(null, "EUCAIM_FEDAVG_ROUND")]
    public void A_round_it_cannot_average_ends_with_2_and_writes_nothing(string? round, string why)
    {
        Assert.Equal(2, Run(round, out var error));

        Assert.True(error.Contains(why, StringComparison.Ordinal), error);
        Assert.Empty(Directory.GetFileSystemEntries(_root));
    }

    [Fact]
    public async Task The_job_runs_with_its_output_folder_alone_and_no_datasets()
    {
        var start = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "Eucaim.SampleJob.dll"), "fedavg"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment.Remove("EUCAIM_DATASETS");
        start.Environment["EUCAIM_OUTPUT"] = _root;
        start.Environment["EUCAIM_FEDAVG_ROUND"] = """{"trainingId":"6f1c9a40-0d7e-4d8e-9a55-3c1d2b7e9f01","round":3,"contributions":[{"node":"node-1","weights":[1,2,3],"samples":10,"metrics":{"loss":0.5}}]}""";
        using var process = Process.Start(start)!;
        using var patience = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        var stderr = process.StandardError.ReadToEndAsync(patience.Token);
        var stdout = await process.StandardOutput.ReadToEndAsync(patience.Token);
        await process.WaitForExitAsync(patience.Token);

        Assert.True(process.ExitCode == 0, stdout + await stderr);
        Assert.True(File.Exists(Path.Combine(_root, "round-3", "global-weights.json")));
    }

    private int Run(string? round, out string error)
    {
        using var log = new StringWriter();
        using var errors = new StringWriter();
        var code = FederatedAveraging.Run([], _root, round, log, errors);
        error = errors.ToString();
        return code;
    }
}
