using System.Globalization;

namespace Eucaim.Web.Federation;

/// <summary>A federated search's result in words: where each node stands, and how it made its counts private.</summary>
public static class FederationText
{
    public static string Status(string status) => status switch
    {
        "answered" => "Answered",
        "answered-late" => "Answered after the search's time was up",
        "timed-out" => "Did not answer in time",
        "pending" => "Not answered yet",
        _ => status,
    };

    /// <summary>"Laplace noise ε = 1, at most ±3, counts below 10 hidden": the node's policy, shown beside its counts.</summary>
    public static string Privacy(CountPrivacyView privacy)
    {
        var mechanism = privacy.Mechanism == "laplace" ? "Laplace" : privacy.Mechanism;
        var epsilon = privacy.Epsilon.ToString("0.###", CultureInfo.InvariantCulture);
        return $"{mechanism} noise ε = {epsilon}, at most ±{Number(privacy.MaxNoise)}, counts below {Number(privacy.SmallCellThreshold)} hidden";
    }

    /// <summary>The statement of completeness when every node answered (a partial result shows the hub's note instead).</summary>
    public static string AllAnswered(int nodes) => nodes == 1 ? "The one node asked answered." : $"All {Number(nodes)} nodes answered.";

    public static string AnsweredAfter(long milliseconds) => $"answered after {Number(milliseconds)} ms";

    public static string SexLabel(string code) => code switch
    {
        "F" => "Female",
        "M" => "Male",
        "O" => "Other",
        _ => code,
    };

    /// <summary>The vocabulary of a run's metrics (<c>POST /api/federation/runs</c>).</summary>
    public static readonly IReadOnlyList<string> RunMetrics = ["dice", "iou", "hd95", "auc", "f1", "accuracy", "sensitivity", "specificity"];

    /// <summary>The vocabulary of a training's metrics (<c>POST /api/federation/trainings</c>).</summary>
    public static readonly IReadOnlyList<string> TrainingMetrics = ["loss", "accuracy", "auc"];

    public static string MetricLabel(string metric) => metric switch
    {
        "dice" => "Dice",
        "iou" => "IoU (Jaccard)",
        "hd95" => "HD95 (95th percentile Hausdorff distance)",
        "auc" => "AUC",
        "f1" => "F1",
        "accuracy" => "Accuracy",
        "sensitivity" => "Sensitivity",
        "specificity" => "Specificity",
        "loss" => "Loss",
        _ => metric,
    };

    /// <summary>A node's part of a run or of a training round has ended: it changes no more.</summary>
    public static bool PartEnded(string state) => state is "refused" or "failed" or "succeeded" or "result-refused" or "skipped";

    /// <summary>A node's part of a run or a training round, in words.</summary>
    public static string PartState(string state) => state switch
    {
        "pending" => "Waiting for the node to take it",
        "accepted" => "Accepted by the node",
        "refused" => "Refused by the node",
        "running" => "Running at the node",
        "failed" => "Failed at the node",
        "succeeded" => "Succeeded",
        "result-refused" => "Result refused by the hub",
        "skipped" => "Skipped: the round closed before the node contributed",
        _ => state,
    };

    public static string TrainingState(string state) => state switch
    {
        "training" => "Training",
        "succeeded" => "Succeeded",
        "failed" => "Failed",
        _ => state,
    };

    public static string RoundState(string state) => state switch
    {
        "training" => "Nodes at work",
        "aggregating" => "Aggregating (the aggregator job runs)",
        "done" => "Done",
        "failed" => "Failed",
        _ => state,
    };

    /// <summary>
    /// A count a node released in a run's result: its value, or "&lt; 10" when it suppressed it. A run's result does not
    /// carry the node's threshold; nodes hide counts below 10 unless their operator set another (<c>Privacy:SmallCellThreshold</c>).
    /// </summary>
    public static string Released(ReleasedCountView count) =>
        count is { Suppressed: false, Value: { } value } ? Number(value) : $"< {Number(DefaultSmallCellThreshold)}";

    public const int DefaultSmallCellThreshold = 10;

    public static string Metric(double value) => value.ToString("0.####", CultureInfo.InvariantCulture);

    /// <summary>"accuracy, auc at 2 nodes": how a run is named in lists (runs have no name of their own).</summary>
    public static string RunTitle(FederatedRunView run) => $"{string.Join(", ", run.Metrics)} · {run.Id.ToString()[..8]}";

    /// <summary>"1 succeeded, 1 refused": where a run's or a round's node parts stand.</summary>
    public static string PartsSummary(IReadOnlyList<string> states) => states.Count == 0
        ? "no node"
        : string.Join(", ", states.GroupBy(s => s).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => $"{Number(g.Count())} {g.Key}"));

    private static string Number(long value) => value.ToString("N0", CultureInfo.InvariantCulture);
}
