namespace Eucaim.Core.Contracts;

/// <summary>
/// Hub → node: one round of a federated training (FedAvg). Train <see cref="Image"/> on <see cref="Datasets"/> (this
/// node's only) starting from <see cref="GlobalWeights"/> (the global model after round <see cref="Round"/> − 1; the
/// initial weights for round 1), and send back nothing but a <see cref="TrainResult"/> of <see cref="Model"/>'s shape.
/// </summary>
public sealed record TrainRequest(
    Guid TrainingId,
    int Round,
    string Image,
    IReadOnlyList<Guid> Datasets,
    string Flavor,
    TrainingModel Model,
    IReadOnlyList<double> GlobalWeights,
    RunRequester Requester,
    IReadOnlyList<string> Arguments);

/// <summary>
/// The shape every node's answer must have: exactly <see cref="WeightCount"/> finite weights, and each of
/// <see cref="Metrics"/> (from the fixed vocabulary of <c>Eucaim.Core.Federation.FederatedTrainingSchema</c>:
/// the incoming global model evaluated on the node's data before it trains, e.g. <c>loss</c>, <c>accuracy</c>).
/// </summary>
public sealed record TrainingModel(int WeightCount, IReadOnlyList<string> Metrics);

/// <summary>Node → hub: where the node's part of a round stands, with the reason in words (a refusal, a failure).</summary>
public sealed record TrainUpdate(Guid TrainingId, int Round, RunUpdateState State, string? Reason);

/// <summary>
/// Node → hub: the node's contribution to a round and nothing else: its updated weights, the number of samples it
/// trained on (the FedAvg weight; rounded by the node, see <c>FederatedTrainingSchema.ReleasedSamples</c>), and the
/// declared metrics of the incoming global model on its data. Anything more or other is refused by the hub.
/// </summary>
public sealed record TrainResult(Guid TrainingId, int Round, IReadOnlyList<double> Weights, int Samples, IReadOnlyDictionary<string, double> Metrics);
