namespace Eucaim.Core.Federation;

/// <summary>
/// One federated training (FedAvg): each round every node trains the tenant's allow-listed image on its own datasets
/// from the global weights and sends back only its updated weights and sample count; an aggregator job in the
/// tenant's bubble averages them into the next round's global weights. Ends after <see cref="Rounds"/> rounds, or
/// earlier on convergence (<see cref="ConvergeMetric"/>), or failed when a round's quorum is not reached.
/// </summary>
public sealed class FederatedTraining
{
    public Guid Id { get; set; }

    public Guid TenantId { get; set; }

    public required string TenantSlug { get; set; }

    public required string SubmittedBy { get; set; }

    public DateTimeOffset SubmittedAt { get; set; }

    /// <summary>The organisation the nodes' policies see (<see cref="FederatedSubmission.Organisation"/>).</summary>
    public string? Organisation { get; set; }

    public required string Image { get; set; }

    public required string Flavor { get; set; }

    public List<Guid> Datasets { get; set; } = [];

    public List<string> Arguments { get; set; } = [];

    /// <summary>The model's shape: how many weights every contribution carries.</summary>
    public int WeightCount { get; set; }

    /// <summary>The declared metrics (<see cref="FederatedTrainingSchema.Metrics"/>) of the incoming global model on each node's data.</summary>
    public List<string> Metrics { get; set; } = [];

    public int Rounds { get; set; }

    /// <summary>How many nodes must contribute for a round to count; the others are skipped.</summary>
    public int Quorum { get; set; }

    /// <summary>How long a round waits for its nodes before it closes with the contributions it has (if a quorum).</summary>
    public int RoundMinutes { get; set; }

    /// <summary>
    /// The metric of <see cref="Metrics"/> whose round-on-round improvement below <see cref="ConvergeMinImprovement"/>
    /// ends the training early (<see cref="FederatedTrainingConvergence"/>); null: it runs all its rounds.
    /// </summary>
    public string? ConvergeMetric { get; set; }

    /// <summary>Set when <see cref="ConvergeMetric"/> is.</summary>
    public double? ConvergeMinImprovement { get; set; }

    /// <summary>The round being trained or aggregated; once it has ended, the last round it trained (<see cref="Rounds"/>, or fewer on convergence).</summary>
    public int Round { get; set; }

    /// <summary>One of <see cref="FederatedTrainingStates"/>.</summary>
    public required string State { get; set; }

    public string? Reason { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>Which node trains on which of <see cref="Datasets"/>, as JSON (node id → dataset ids).</summary>
    public required string Plan { get; set; }

    public List<FederatedTrainingRound> RoundsDone { get; } = [];
}
