namespace Eucaim.Core.Federation;

/// <summary>
/// Where a training and its rounds stand. A training is <c>training</c> until its last round is aggregated, or an
/// earlier one by its convergence rule (<c>succeeded</c>), or a round fails (<c>failed</c>: no quorum, or the aggregator job did not succeed). A round is
/// <c>training</c> while its nodes train, <c>aggregating</c> while the aggregator job runs, then <c>done</c> or
/// <c>failed</c>. A node's part of a round has the states of a run's (<see cref="FederatedRunStates"/>) plus
/// <c>skipped</c>: it had not contributed when the round closed with a quorum.
/// </summary>
public static class FederatedTrainingStates
{
    public const string Training = "training";
    public const string Aggregating = "aggregating";
    public const string Done = "done";
    public const string Succeeded = "succeeded";
    public const string Failed = "failed";

    /// <summary>A node's part that was still open when its round closed.</summary>
    public const string Skipped = "skipped";

    /// <summary>The states after which a node's part of a round takes no update and no contribution.</summary>
    public static readonly string[] FinalContributionStates =
        [Skipped, FederatedRunStates.Refused, FederatedRunStates.Failed, FederatedRunStates.Succeeded, FederatedRunStates.ResultRefused];

    public static bool IsFinalContribution(string state) => FinalContributionStates.Contains(state);
}
