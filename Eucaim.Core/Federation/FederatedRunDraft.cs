namespace Eucaim.Core.Federation;

/// <summary>What a researcher asks for a federated run (the Api's request, bound as is).</summary>
public sealed record FederatedRunDraft(
    string? Tenant, string? Image, IReadOnlyList<Guid>? Datasets, string? Flavor, IReadOnlyList<string>? Metrics, IReadOnlyList<string>? Counts, IReadOnlyList<string>? Arguments);
