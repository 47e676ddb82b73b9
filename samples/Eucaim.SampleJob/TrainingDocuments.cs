using System.Text.Json;
using System.Text.Json.Serialization;

namespace Eucaim.SampleJob;

/// <summary>
/// The JSON the training and averaging samples read and write, one record per document, camelCase. Metric names
/// (<c>loss</c>, <c>accuracy</c>, <c>auc</c>) are dictionary keys and are written as they are.
/// </summary>
public static class TrainingDocuments
{
    /// <summary>Web defaults (camelCase), but numbers only as JSON numbers, and every constructor parameter required.</summary>
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        NumberHandling = JsonNumberHandling.Strict,
        RespectNullableAnnotations = true,
        RespectRequiredConstructorParameters = true,
    };
}

/// <summary>
/// <c>weights.json</c>, what <c>train</c> writes at a node: the weights after local training, the true number of
/// subjects trained on (the node rounds it before sending), and the declared metrics of the INCOMING global weights.
/// </summary>
public sealed record TrainedWeights(IReadOnlyList<double> Weights, int Samples, IReadOnlyDictionary<string, double> Metrics);

/// <summary><c>EUCAIM_FEDAVG_ROUND</c>, what the hub gives <c>fedavg</c> after a round: each node's contribution.</summary>
public sealed record FedAvgRound(Guid TrainingId, int Round, IReadOnlyList<FedAvgContribution> Contributions);

/// <summary>One node's answer for the round, as the hub accepted it.</summary>
public sealed record FedAvgContribution(string Node, IReadOnlyList<double> Weights, int Samples, IReadOnlyDictionary<string, double> Metrics);

/// <summary><c>round-&lt;r&gt;/global-weights.json</c>: the sample-weighted mean of the contributions' weights, and the samples behind it.</summary>
public sealed record GlobalWeights(int Round, IReadOnlyList<double> Weights, int Samples);

/// <summary><c>round-&lt;r&gt;/metrics.json</c>: each metric's sample-weighted mean over the nodes that sent it, and each node's own.</summary>
public sealed record RoundMetrics(int Round, IReadOnlyDictionary<string, double> Metrics, IReadOnlyList<NodeMetrics> Nodes);

/// <summary>One node's line of <see cref="RoundMetrics"/>.</summary>
public sealed record NodeMetrics(string Node, int Samples, IReadOnlyDictionary<string, double> Metrics);
