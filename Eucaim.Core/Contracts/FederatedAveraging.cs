using System.Text.Json;

namespace Eucaim.Core.Contracts;

/// <summary>
/// Hub → aggregator job (in the tenant's bubble), in its environment variable <c>EUCAIM_FEDAVG_ROUND</c>: the accepted
/// contributions of one training round. The aggregator (<c>Eucaim.SampleJob fedavg</c>) writes
/// <see cref="WeightsFile"/> (<see cref="FedAvgGlobalWeights"/>) and <see cref="MetricsFile"/> to its outputs.
/// </summary>
public sealed record FedAvgRound(Guid TrainingId, int Round, IReadOnlyList<FedAvgContribution> Contributions)
{
    /// <summary>How the aggregator's files are read: camelCase, as the sample writes them.</summary>
    public static JsonSerializerOptions Json { get; } = new(JsonSerializerDefaults.Web);

    /// <summary>The round's global weights, relative to the job's output folder.</summary>
    public static string WeightsFile(int round) => $"round-{round}/global-weights.json";

    /// <summary>The round's sample-weighted metrics and each node's, relative to the job's output folder.</summary>
    public static string MetricsFile(int round) => $"round-{round}/metrics.json";
}

/// <summary>One node's accepted contribution to a round.</summary>
public sealed record FedAvgContribution(string Node, IReadOnlyList<double> Weights, int Samples, IReadOnlyDictionary<string, double> Metrics);

/// <summary>The aggregator's answer: the sample-weighted mean of the contributions' weights, and the samples behind it.</summary>
public sealed record FedAvgGlobalWeights(int Round, IReadOnlyList<double> Weights, int Samples);
