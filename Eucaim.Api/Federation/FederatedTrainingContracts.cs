using System.Text.Json;
using Eucaim.Core.Contracts;
using Eucaim.Core.Federation;

namespace Eucaim.Api.Federation;

/// <summary>A federated training: FedAvg rounds of an allow-listed training image at each node on the tenant's granted federated datasets.</summary>
/// <param name="Tenant">The tenant whose grants and flavors the training uses (you must be a member); its aggregator jobs run there.</param>
/// <param name="Image">A training image from the job images allow-list (e.g. <c>eucaim/federated-training:1.0</c>).</param>
/// <param name="Datasets">Federated datasets granted to the tenant; each node trains on its own.</param>
/// <param name="Rounds">How many rounds (1 to 50).</param>
/// <param name="WeightCount">The model's number of weights (1 to 128); every node's contribution must have exactly these.</param>
/// <param name="Metrics">What each node reports of the incoming global model on its data: loss, accuracy, auc.</param>
/// <param name="InitialWeights">Round 1's global weights (<c>weightCount</c> numbers); zeros when left out.</param>
/// <param name="Quorum">How many nodes must contribute for a round to count (default: all of them); the others are skipped.</param>
/// <param name="RoundMinutes">How long a round waits for its nodes (default 30).</param>
/// <param name="Convergence">Stop before <c>rounds</c> when a declared metric stops improving; left out, the training runs all its rounds.</param>
public sealed record FederatedTrainingRequest(
    string? Tenant, string? Image, List<Guid>? Datasets, string? Flavor, int? Rounds, int? WeightCount, List<string>? Metrics,
    List<double>? InitialWeights, int? Quorum, int? RoundMinutes, List<string>? Arguments, FederatedTrainingConvergenceRequest? Convergence = null)
{
    public FederatedTrainingDraft ToDraft() => new(Tenant, Image, Datasets, Flavor, Rounds, WeightCount, Metrics, InitialWeights, Quorum, RoundMinutes, Arguments,
        Convergence is null ? null : new FederatedTrainingConvergence(Convergence.Metric, Convergence.MinImprovement));
}

/// <summary>
/// After each round from round 2 on, the training ends <c>succeeded</c> when the round's aggregated value of <c>metric</c>
/// improved by less than <c>minImprovement</c> over the previous round's (needs <c>rounds</c> of at least 2).
/// </summary>
/// <param name="Metric">One of the training's declared metrics: <c>loss</c> improves by falling, <c>accuracy</c> and <c>auc</c> by rising.</param>
/// <param name="MinImprovement">The least improvement per round to go on, in the metric's unit (greater than 0, at most 1e6), e.g. 0.01.</param>
public sealed record FederatedTrainingConvergenceRequest(string? Metric, double? MinImprovement);

/// <param name="Metric">The declared metric whose round-on-round improvement is compared.</param>
/// <param name="MinImprovement">An improvement below this ends the training after that round.</param>
public sealed record FederatedTrainingConvergenceResponse(string Metric, double MinImprovement);

/// <param name="State"><c>training</c>, <c>succeeded</c> or <c>failed</c>.</param>
/// <param name="Round">The round being trained or aggregated (the last one trained once the training has ended: <c>rounds</c>, or fewer on convergence).</param>
/// <param name="Convergence">The training's convergence rule; null when it runs all its rounds.</param>
/// <param name="RoundsDone">Each round so far (empty in lists).</param>
public sealed record FederatedTrainingResponse(
    Guid Id, string Tenant, string SubmittedBy, DateTimeOffset SubmittedAt, string Image, string Flavor, IReadOnlyList<Guid> Datasets,
    int Rounds, int WeightCount, IReadOnlyList<string> Metrics, int Quorum, int RoundMinutes, IReadOnlyList<string> Arguments,
    string State, string? Reason, int Round, FederatedTrainingConvergenceResponse? Convergence, IReadOnlyList<FederatedTrainingRoundResponse> RoundsDone)
{
    public static FederatedTrainingResponse From(FederatedTraining t) => new(
        t.Id, t.TenantSlug, t.SubmittedBy, t.SubmittedAt, t.Image, t.Flavor, t.Datasets, t.Rounds, t.WeightCount, t.Metrics, t.Quorum, t.RoundMinutes,
        t.Arguments, t.State, t.Reason, t.Round,
        t is { ConvergeMetric: { } metric, ConvergeMinImprovement: { } min } ? new FederatedTrainingConvergenceResponse(metric, min) : null,
        t.RoundsDone.OrderBy(r => r.Round).Select(FederatedTrainingRoundResponse.From).ToList());
}

/// <param name="State"><c>training</c> (nodes at work), <c>aggregating</c> (the aggregator job runs), <c>done</c> or <c>failed</c>.</param>
/// <param name="AggregatorJob">The round's aggregator job in the tenant: its outputs hold the round's global weights and metrics.</param>
/// <param name="Metrics">The sample-weighted mean over the contributing nodes of each declared metric of the round's incoming global model.</param>
/// <param name="Samples">The samples behind the round's contributions.</param>
public sealed record FederatedTrainingRoundResponse(
    int Round, string State, DateTimeOffset OpenedAt, DateTimeOffset ClosesBy, DateTimeOffset? ClosedAt, Guid? AggregatorJob,
    IReadOnlyDictionary<string, double>? Metrics, int? Samples, string? Reason, IReadOnlyList<FederatedTrainingNodeResponse> Nodes)
{
    public static FederatedTrainingRoundResponse From(FederatedTrainingRound r) => new(
        r.Round, r.State, r.OpenedAt, r.ClosesBy, r.ClosedAt, r.AggregatorJobId,
        r.Metrics is null ? null : JsonSerializer.Deserialize<Dictionary<string, double>>(r.Metrics, FederationJson.Options), r.Samples, r.Reason,
        r.Contributions.OrderBy(c => c.NodeId, StringComparer.Ordinal).Select(FederatedTrainingNodeResponse.From).ToList());
}

/// <param name="State">As a run's node states, plus <c>skipped</c> (the round closed before the node contributed).</param>
/// <param name="Samples">The sample count the node released with its contribution (rounded up by the node).</param>
public sealed record FederatedTrainingNodeResponse(string Node, string State, string? Reason, DateTimeOffset? DeliveredAt, DateTimeOffset UpdatedAt, int? Samples)
{
    public static FederatedTrainingNodeResponse From(FederatedTrainingContribution c) => new(c.NodeId, c.State, c.Reason, c.DeliveredAt, c.UpdatedAt, c.Samples);
}
