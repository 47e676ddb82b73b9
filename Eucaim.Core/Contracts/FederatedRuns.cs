namespace Eucaim.Core.Contracts;

/// <summary>
/// Hub → node: run <see cref="Image"/> on <see cref="Datasets"/> (this node's only) with <see cref="Flavor"/>, and send
/// back nothing but a result of <see cref="Schema"/>. <see cref="Requester"/> is who asked, for the node's policy
/// (allowed organisations) and its audit.
/// </summary>
public sealed record RunRequest(
    Guid RunId, string Image, IReadOnlyList<Guid> Datasets, string Flavor, RunResultSchema Schema, RunRequester Requester, IReadOnlyList<string> Arguments);

/// <summary>
/// What a run may return: the metric names (from the fixed vocabulary of <c>Eucaim.Core.Federation.FederatedRunSchema</c>) and the names of
/// counts, which the node releases with its count policy (noise and small-cell suppression).
/// </summary>
public sealed record RunResultSchema(IReadOnlyList<string> Metrics, IReadOnlyList<string> Counts);

/// <param name="Subject">The researcher's subject at the hub.</param>
/// <param name="Tenant">The tenant whose grants the run uses.</param>
/// <param name="Organisation">The researcher's organisation, when the hub knows one.</param>
public sealed record RunRequester(string Subject, string Tenant, string? Organisation);

/// <summary>Node → hub: the run's state at the node, with the reason in words (a refusal, a failure).</summary>
public sealed record RunUpdate(Guid RunId, RunUpdateState State, string? Reason);

/// <summary>The states a node reports; the hub adds its own (<c>pending</c>, <c>succeeded</c>, <c>result-refused</c>).</summary>
public enum RunUpdateState
{
    Accepted,
    Refused,
    Running,
    Failed,

    /// <summary>The node's policy asks a data holder there to approve the run before it starts.</summary>
    AwaitingApproval,

    /// <summary>The run ended; its checked result waits for a data holder at the node to release it.</summary>
    AwaitingRelease,
}

/// <summary>
/// Node → hub: the run's result and nothing else: each declared metric as a finite number, each declared count
/// released by the node (<see cref="PrivateCount"/>). An undeclared name, another field or anything that is not a
/// number is refused by the hub (and never sent by a node).
/// </summary>
public sealed record RunResult(Guid RunId, IReadOnlyDictionary<string, double> Metrics, IReadOnlyDictionary<string, PrivateCount> Counts);
