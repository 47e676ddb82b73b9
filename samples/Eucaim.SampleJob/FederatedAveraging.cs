using System.Globalization;
using System.Text.Json;

namespace Eucaim.SampleJob;

/// <summary>
/// The FedAvg aggregator sample (<c>fedavg</c>; image <c>eucaim/fedavg:1.0</c>), run by the hub in the researcher's
/// bubble after each round. It needs no dataset: it reads the round's contributions from <c>EUCAIM_FEDAVG_ROUND</c>
/// (<see cref="FedAvgRound"/>) and writes <c>round-&lt;r&gt;/global-weights.json</c> (<see cref="GlobalWeights"/>,
/// the next round's starting point) and <c>round-&lt;r&gt;/metrics.json</c> (<see cref="RoundMetrics"/>). Both means
/// are weighted by each node's samples, so a node counts as much as the subjects it trained on. Contributions it
/// cannot average (none, weights of different lengths, non-finite numbers, samples ≤ 0) end with exit code 2.
/// </summary>
public static class FederatedAveraging
{
    public static int Run(string[] args, string output, string? roundVariable, TextWriter log, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(log);
        ArgumentNullException.ThrowIfNull(error);
        if (args.Length > 0)
        {
            error.WriteLine($"fedavg: unknown argument '{args[0]}' (it takes none; the round comes in EUCAIM_FEDAVG_ROUND)");
            return 2;
        }

        FedAvgRound? round;
        try
        {
            round = JsonSerializer.Deserialize<FedAvgRound>(roundVariable ?? "", TrainingDocuments.Options);
        }
        catch (JsonException ex)
        {
            error.WriteLine($"fedavg: EUCAIM_FEDAVG_ROUND is not a round's contributions: {ex.Message}");
            return 2;
        }

        if (round is null)
        {
            error.WriteLine("fedavg: EUCAIM_FEDAVG_ROUND is null; nothing averaged");
            return 2;
        }

        if (Problem(round) is { } problem)
        {
            error.WriteLine($"fedavg: {problem}; nothing averaged");
            return 2;
        }

        var (global, metrics) = Average(round);
        var folder = Directory.CreateDirectory(Path.Combine(output, $"round-{round.Round.ToString(CultureInfo.InvariantCulture)}")).FullName;
        File.WriteAllText(Path.Combine(folder, "global-weights.json"), JsonSerializer.Serialize(global, TrainingDocuments.Options));
        File.WriteAllText(Path.Combine(folder, "metrics.json"), JsonSerializer.Serialize(metrics, TrainingDocuments.Options));
        log.WriteLine($"fedavg: round {round.Round} of {round.TrainingId}: {round.Contributions.Count} nodes, {global.Samples} samples, {global.Weights.Count} weights");
        return 0;
    }

    /// <summary>Why the round cannot be averaged, naming the node; null when it can.</summary>
    public static string? Problem(FedAvgRound round)
    {
        ArgumentNullException.ThrowIfNull(round);
        if (round.Round < 1)
        {
            return $"round {round.Round} is not a round number";
        }

        if (round.Contributions.Count == 0)
        {
            return "the round has no contributions";
        }

        if (round.Contributions.Any(c => c is null))
        {
            return "a contribution is null";
        }

        var length = round.Contributions[0].Weights.Count;
        foreach (var c in round.Contributions)
        {
            var problem = c.Weights.Count == 0 ? "sent no weights"
                : c.Weights.Count != length ? $"sent {c.Weights.Count} weights where {round.Contributions[0].Node} sent {length}"
                : c.Weights.Any(w => !double.IsFinite(w)) ? "sent a weight that is not a finite number"
                : c.Samples <= 0 ? $"trained on {c.Samples} samples"
                : c.Metrics.FirstOrDefault(m => !double.IsFinite(m.Value)) is { Key: { } metric } ? $"sent a {metric} that is not a finite number"
                : null;
            if (problem is not null)
            {
                return $"node '{c.Node}' {problem}";
            }
        }

        return round.Contributions.Sum(c => (long)c.Samples) > int.MaxValue ? "the samples add up to more than a count can hold" : null;
    }

    /// <summary>The sample-weighted means of a round that <see cref="Problem"/> passed.</summary>
    public static (GlobalWeights Global, RoundMetrics Metrics) Average(FedAvgRound round)
    {
        ArgumentNullException.ThrowIfNull(round);
        // Each term is scaled by its share before it is added, so means of finite numbers stay finite.
        var total = round.Contributions.Sum(c => c.Samples);
        var weights = new double[round.Contributions[0].Weights.Count];
        foreach (var c in round.Contributions)
        {
            for (var i = 0; i < weights.Length; i++)
            {
                weights[i] += c.Weights[i] * ((double)c.Samples / total);
            }
        }

        // A metric some nodes did not send is the mean over those that did.
        var metrics = new SortedDictionary<string, double>(StringComparer.Ordinal);
        foreach (var name in round.Contributions.SelectMany(c => c.Metrics.Keys).Distinct(StringComparer.Ordinal))
        {
            var senders = round.Contributions.Where(c => c.Metrics.ContainsKey(name)).ToList();
            var samples = senders.Sum(c => c.Samples);
            metrics[name] = senders.Sum(c => c.Metrics[name] * ((double)c.Samples / samples));
        }

        var nodes = round.Contributions.Select(c => new NodeMetrics(c.Node, c.Samples, new SortedDictionary<string, double>(c.Metrics.ToDictionary(), StringComparer.Ordinal))).ToList();
        return (new GlobalWeights(round.Round, weights, total), new RoundMetrics(round.Round, metrics, nodes));
    }
}
