namespace Eucaim.Core.Federation;

/// <summary>A federated training as a tenant member asks for it, before any rule is checked (the fields of <c>POST /api/federation/trainings</c>).</summary>
public sealed record FederatedTrainingDraft(
    string? Tenant,
    string? Image,
    List<Guid>? Datasets,
    string? Flavor,
    int? Rounds,
    int? WeightCount,
    List<string>? Metrics,
    List<double>? InitialWeights,
    int? Quorum,
    int? RoundMinutes,
    List<string>? Arguments,
    FederatedTrainingConvergence? Convergence = null);
