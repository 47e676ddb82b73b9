namespace Eucaim.Core.Federation;

/// <summary>
/// One round of a <see cref="FederatedTraining"/>: the global weights it starts from, the nodes' contributions, and the
/// aggregator job in the tenant's bubble whose <c>round-N/global-weights.json</c> starts the next round.
/// </summary>
public sealed class FederatedTrainingRound
{
    public Guid TrainingId { get; set; }

    public int Round { get; set; }

    /// <summary>One of <see cref="FederatedTrainingStates"/>' round states.</summary>
    public required string State { get; set; }

    /// <summary>The global weights the nodes train from this round, as a JSON array.</summary>
    public required string StartWeights { get; set; }

    public DateTimeOffset OpenedAt { get; set; }

    /// <summary>When the round stops waiting for the nodes that have not contributed yet.</summary>
    public DateTimeOffset ClosesBy { get; set; }

    public DateTimeOffset? ClosedAt { get; set; }

    /// <summary>The aggregator job in the tenant's bubble, once the round closed with a quorum.</summary>
    public Guid? AggregatorJobId { get; set; }

    /// <summary>The sample-weighted metrics of the round as the aggregator wrote them (JSON object), once done.</summary>
    public string? Metrics { get; set; }

    public int? Samples { get; set; }

    public string? Reason { get; set; }

    public List<FederatedTrainingContribution> Contributions { get; } = [];
}
