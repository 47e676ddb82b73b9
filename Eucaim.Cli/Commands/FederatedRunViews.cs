using System.Text.Json;
using Eucaim.Cli.Platform;

namespace Eucaim.Cli.Commands;

/// <summary>How the federated run documents of the API (FederatedRunResponse) are shown to people.</summary>
internal static class FederatedRunViews
{
    public static void List(Output output, JsonElement runs)
    {
        var table = output.Table("id", "tenant", "submitted", "image", "metrics", "nodes").Unwrapped(0);
        foreach (var run in runs.Items())
        {
            Output.AddRow(table, run.String("id"), run.String("tenant"), JsonFields.When(run.Time("submittedAt")), run.String("image"),
                run.List("metrics"), Progress(run.Items("nodes")));
        }

        output.Console.Write(table);
        output.Line(OutputViews.Count(runs.Items().Count(), "federated run", "federated runs"));
    }

    /// <summary>
    /// The run, each node's part (state and reason), and a table of the results: a row per node that sent one,
    /// a column per declared metric and count. The run's result carries no threshold, so a suppressed count is
    /// shown as "suppressed", never as a number.
    /// </summary>
    public static void Show(Output output, JsonElement run)
    {
        output.Record(
            ("id", run.String("id")),
            ("tenant", run.String("tenant")),
            ("image", run.String("image")),
            ("flavor", run.String("flavor")),
            ("datasets", string.Join("\n", run.Strings("datasets"))),
            ("metrics", run.List("metrics")),
            ("counts", run.List("counts")),
            ("arguments", string.Join(" ", run.Strings("arguments"))),
            ("submitted", $"{JsonFields.When(run.Time("submittedAt"))} by {run.String("submittedBy")}"),
            ("nodes", Progress(run.Items("nodes"))));

        var nodes = run.Items("nodes").ToList();
        var parts = output.Table("node", "state", "reason", "datasets", "updated").Unwrapped(0);
        foreach (var node in nodes)
        {
            Output.AddRow(parts, node.String("node"), node.String("state"), node.String("reason"), JsonFields.Number(node.Items("datasets").Count()),
                JsonFields.When(node.Time("updatedAt")));
        }

        output.Console.Write(parts);

        var results = nodes.Where(n => n.Object("result").ValueKind == JsonValueKind.Object).ToList();
        if (results.Count == 0)
        {
            output.Line("No result yet.");
            return;
        }

        var metrics = run.Strings("metrics");
        var counts = run.Strings("counts");
        var table = output.Table(["node", .. metrics, .. counts]).Unwrapped(0);
        foreach (var node in results)
        {
            var result = node.Object("result");
            Output.AddRow(table, [node.String("node"), .. metrics.Select(m => result.Object("metrics").Number(m)),
                .. counts.Select(c => Count(result.Object("counts").Object(c)))]);
        }

        output.Console.Write(table);
        if (counts.Count > 0)
        {
            output.Line("Counts are released by each node with its count policy: noised, and suppressed below its small-cell threshold.");
        }
    }

    /// <summary>A node's state with its reason, as the waiting lines say it: "refused: The data holder does not take runs."</summary>
    public static string State(JsonElement node) =>
        node.String("reason") is { Length: > 0 } reason ? $"{node.String("state")}: {reason}" : node.String("state") ?? "?";

    /// <summary>"2 nodes: 1 succeeded, 1 refused".</summary>
    public static string Progress(IEnumerable<JsonElement> nodes)
    {
        var list = nodes.ToList();
        var states = list.GroupBy(n => n.String("state") ?? "?").Select(g => $"{g.Count()} {g.Key}");
        return $"{OutputViews.Count(list.Count, "node", "nodes").TrimEnd('.')}: {string.Join(", ", states)}";
    }

    /// <summary>A released count: its value, or "suppressed" (below the node's small-cell threshold, a true zero included).</summary>
    public static string Count(JsonElement count) =>
        count.Bool("suppressed") ? "suppressed" : count.Number("value");
}
