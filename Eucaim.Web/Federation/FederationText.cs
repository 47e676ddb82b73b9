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

    private static string Number(long value) => value.ToString("N0", CultureInfo.InvariantCulture);
}
