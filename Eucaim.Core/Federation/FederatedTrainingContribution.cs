namespace Eucaim.Core.Federation;

/// <summary>
/// One node's part of a <see cref="FederatedTrainingRound"/>: the train request waiting for the node's poll (signed when
/// handed over), where it stands there (<see cref="FederatedRunStates"/>), and the node's accepted contribution. The key
/// (training, round, node) is what makes a contribution count once, whatever arrives twice.
/// </summary>
public sealed class FederatedTrainingContribution
{
    public Guid TrainingId { get; set; }

    public int Round { get; set; }

    public required string NodeId { get; set; }

    /// <summary>The <c>TrainRequest</c> body as JSON (<see cref="Contracts.FederationJson"/>).</summary>
    public required string Request { get; set; }

    public required string State { get; set; }

    public string? Reason { get; set; }

    public DateTimeOffset? DeliveredAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>The accepted weights as a JSON array, once the node's result passed the checks.</summary>
    public string? Weights { get; set; }

    /// <summary>The sample count the node released (rounded by the node).</summary>
    public int? Samples { get; set; }

    /// <summary>The node's declared metrics of the incoming global model (JSON object).</summary>
    public string? Metrics { get; set; }
}
