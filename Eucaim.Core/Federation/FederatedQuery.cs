namespace Eucaim.Core.Federation;

/// <summary>One federated count search: who asked what, and until when the nodes may answer in time.</summary>
public sealed class FederatedQuery
{
    public Guid Id { get; set; }

    public required string AskedBy { get; set; }

    public DateTimeOffset AskedAt { get; set; }

    public DateTimeOffset AnswerBy { get; set; }

    public string? Sex { get; set; }

    public int? AgeMin { get; set; }

    public int? AgeMax { get; set; }

    public string? CancerType { get; set; }

    public string? Modality { get; set; }

    public string? BodyPart { get; set; }

    public string? Manufacturer { get; set; }

    public string? Tier { get; set; }

    /// <summary>The datasets the asker limited the search to; empty when not limited.</summary>
    public List<Guid> Datasets { get; set; } = [];

    public List<FederatedQueryNode> Nodes { get; } = [];
}
