namespace Eucaim.Core.Federation;

/// <summary>
/// One node's part of a <see cref="FederatedRun"/>: the run request waiting for the node's poll (signed when it is
/// handed over, so a node that was away for longer than the freshness window still gets a fresh message), where
/// the run stands there, and its result once accepted.
/// </summary>
public sealed class FederatedRunNode
{
    public Guid RunId { get; set; }

    public required string NodeId { get; set; }

    /// <summary>The <c>RunRequest</c> body as JSON (<see cref="Contracts.FederationJson"/>).</summary>
    public required string Request { get; set; }

    /// <summary>The node's datasets the run uses.</summary>
    public List<Guid> Datasets { get; set; } = [];

    /// <summary>One of <see cref="FederatedRunStates"/>.</summary>
    public required string State { get; set; }

    /// <summary>The node's reason (a refusal, a failure) or the hub's (a refused result), in words.</summary>
    public string? Reason { get; set; }

    public DateTimeOffset? DeliveredAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>The accepted <c>RunResult</c> as JSON, when the node sent a schema-valid one.</summary>
    public string? Result { get; set; }
}
