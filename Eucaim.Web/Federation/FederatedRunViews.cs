namespace Eucaim.Web.Federation;

/// <summary>A federated validation run as <c>/api/federation/runs</c> answers it (the fields the portal shows).</summary>
public sealed record FederatedRunView(
    Guid Id, string Tenant, string SubmittedBy, DateTimeOffset SubmittedAt, string Image, string Flavor, IReadOnlyList<Guid> Datasets,
    IReadOnlyList<string> Metrics, IReadOnlyList<string> Counts, IReadOnlyList<string> Arguments, IReadOnlyList<FederatedRunNodeView> Nodes)
{
    /// <summary>Every node's part has ended: nothing on the run changes any more.</summary>
    public bool Ended => Nodes.All(n => FederationText.PartEnded(n.State));
}

/// <param name="State"><c>pending</c>, <c>accepted</c>, <c>refused</c>, <c>running</c>, <c>failed</c>, <c>succeeded</c> or <c>result-refused</c>.</param>
public sealed record FederatedRunNodeView(
    string Node, IReadOnlyList<Guid> Datasets, string State, string? Reason, DateTimeOffset? DeliveredAt, DateTimeOffset UpdatedAt, FederatedRunResultView? Result);

/// <summary>A node's accepted result: its metrics, and its counts as it released them.</summary>
public sealed record FederatedRunResultView(IReadOnlyDictionary<string, double> Metrics, IReadOnlyDictionary<string, ReleasedCountView> Counts);

/// <summary>One released count: a value after the node's noise, or suppressed (and no value).</summary>
public sealed record ReleasedCountView(int? Value, bool Suppressed);

/// <summary>A federated training as <c>/api/federation/trainings</c> answers it.</summary>
/// <param name="State"><c>training</c>, <c>succeeded</c> or <c>failed</c>.</param>
public sealed record FederatedTrainingView(
    Guid Id, string Tenant, string SubmittedBy, DateTimeOffset SubmittedAt, string Image, string Flavor, IReadOnlyList<Guid> Datasets,
    int Rounds, int WeightCount, IReadOnlyList<string> Metrics, int Quorum, int RoundMinutes, IReadOnlyList<string> Arguments,
    string State, string? Reason, int Round, FederatedTrainingConvergenceView? Convergence, IReadOnlyList<FederatedTrainingRoundView> RoundsDone)
{
    public bool Ended => State is not "training";
}

/// <summary>The training's convergence rule: it ends once a round improves <c>Metric</c> by less than <c>MinImprovement</c>.</summary>
public sealed record FederatedTrainingConvergenceView(string Metric, double MinImprovement);

/// <param name="State"><c>training</c>, <c>aggregating</c>, <c>done</c> or <c>failed</c>.</param>
public sealed record FederatedTrainingRoundView(
    int Round, string State, DateTimeOffset OpenedAt, DateTimeOffset ClosesBy, DateTimeOffset? ClosedAt, Guid? AggregatorJob,
    IReadOnlyDictionary<string, double>? Metrics, int? Samples, string? Reason, IReadOnlyList<FederatedTrainingNodeView> Nodes);

/// <param name="State">A run's node states, plus <c>skipped</c>.</param>
public sealed record FederatedTrainingNodeView(string Node, string State, string? Reason, DateTimeOffset? DeliveredAt, DateTimeOffset UpdatedAt, int? Samples);
