namespace Eucaim.Core.Contracts;

/// <summary>The <see cref="FederationMessage.Kind"/> of each message and who sends it.</summary>
public static class FederationMessageKinds
{
    /// <summary>Node → hub: "anything for me?" (body <see cref="LinkPoll"/>); the hub answers with the node's pending messages.</summary>
    public const string Poll = "poll";

    /// <summary>Hub → node: count the subjects, studies and series matching filters (body <see cref="CountQuery"/>).</summary>
    public const string CountQuery = "count-query";

    /// <summary>Node → hub: the private counts of a <see cref="CountQuery"/> (body <see cref="CountAnswer"/>).</summary>
    public const string CountAnswer = "count-answer";

    /// <summary>Hub → node: run an allow-listed image on the node's datasets, only metrics back (body <see cref="RunRequest"/>).</summary>
    public const string RunRequest = "run-request";

    /// <summary>Node → hub: where a run stands at the node (body <see cref="RunUpdate"/>).</summary>
    public const string RunUpdate = "run-update";

    /// <summary>Node → hub: a run's metrics and released counts, checked against its declared schema (body <see cref="RunResult"/>).</summary>
    public const string RunResult = "run-result";

    /// <summary>Hub → node: train one round of a federated training from the global weights (body <see cref="TrainRequest"/>).</summary>
    public const string TrainRequest = "train-request";

    /// <summary>Node → hub: where a node's part of a training round stands (body <see cref="TrainUpdate"/>).</summary>
    public const string TrainUpdate = "train-update";

    /// <summary>Node → hub: a node's contribution to a round, checked against the training's model (body <see cref="TrainResult"/>).</summary>
    public const string TrainResult = "train-result";
}
