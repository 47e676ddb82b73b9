namespace Eucaim.Core.Federation;

/// <summary>
/// One federated validation run: a tenant's allow-listed image run at each node that serves some of its
/// datasets, with only results of the declared schema coming back.
/// </summary>
public sealed class FederatedRun
{
    public Guid Id { get; set; }

    public Guid TenantId { get; set; }

    public required string TenantSlug { get; set; }

    public required string SubmittedBy { get; set; }

    public DateTimeOffset SubmittedAt { get; set; }

    public required string Image { get; set; }

    public required string Flavor { get; set; }

    public List<Guid> Datasets { get; set; } = [];

    /// <summary>The declared metric names (<see cref="FederatedRunSchema.Metrics"/>).</summary>
    public List<string> Metrics { get; set; } = [];

    /// <summary>The declared count names, released by each node with its count policy.</summary>
    public List<string> Counts { get; set; } = [];

    public List<string> Arguments { get; set; } = [];

    public List<FederatedRunNode> Nodes { get; } = [];
}
