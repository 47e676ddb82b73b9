namespace Eucaim.Core.Federation;

/// <summary>
/// One node's part of a <see cref="FederatedQuery"/>: the signed <c>count-query</c> message waiting for
/// the node's poll (the hub's outbox to that node), when it was handed over, and the node's answer.
/// </summary>
public sealed class FederatedQueryNode
{
    public Guid QueryId { get; set; }

    public required string NodeId { get; set; }

    /// <summary>The <c>jti</c> of <see cref="Message"/>.</summary>
    public Guid MessageId { get; set; }

    /// <summary>The hub-signed compact JWS, delivered as is.</summary>
    public required string Message { get; set; }

    /// <summary>The node's datasets asked about.</summary>
    public List<Guid> Datasets { get; set; } = [];

    public DateTimeOffset AnswerBy { get; set; }

    public DateTimeOffset? DeliveredAt { get; set; }

    public DateTimeOffset? AnsweredAt { get; set; }

    /// <summary>The node's <c>CountAnswer</c> as JSON (<see cref="Contracts.FederationJson"/>), when it answered.</summary>
    public string? Answer { get; set; }
}
