namespace Eucaim.Core.Federation;

/// <summary>A hospital's node as the hub knows it: its id (the <c>kid</c> of its messages), its public key and the federated datasets it serves.</summary>
public sealed class FederatedNode
{
    public required string Id { get; set; }

    public required string Organisation { get; set; }

    /// <summary>The node's ES256 public key, PEM.</summary>
    public required string PublicKey { get; set; }

    public required string Fingerprint { get; set; }

    public List<Guid> Datasets { get; set; } = [];

    public FederatedNodeState State { get; set; }

    public DateTimeOffset RegisteredAt { get; set; }

    public required string RegisteredBy { get; set; }

    public DateTimeOffset? RevokedAt { get; set; }

    public string? RevokedBy { get; set; }

    /// <summary>When the hub last accepted a message from the node.</summary>
    public DateTimeOffset? LastSeenAt { get; set; }
}
