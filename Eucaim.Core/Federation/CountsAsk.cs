namespace Eucaim.Core.Federation;

/// <summary>A researcher's federated count search: image filters for the nodes, catalogue filters (cancer type, tier, datasets) for the hub.</summary>
public sealed record CountsAsk(
    string? Sex, int? AgeMin, int? AgeMax, string? CancerType, string? Modality, string? BodyPart, string? Manufacturer, string? Tier,
    IReadOnlyList<Guid>? Datasets);
