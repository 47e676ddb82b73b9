using System.Text.Json;
using Eucaim.Cli.Platform;

namespace Eucaim.Cli.Commands;

/// <summary>How a node's run documents of its Api (NodeRunResponse) are shown to its data holders.</summary>
internal static class NodeRunViews
{
    /// <summary>The states after which the node does nothing more with a run.</summary>
    private static readonly string[] FinalStates = ["refused", "released", "withheld", "failed"];

    public static void List(Output output, JsonElement runs)
    {
        var table = output.Table("id", "state", "image", "requester", "tenant", "datasets", "received").Unwrapped(0, 3);
        foreach (var run in runs.Items())
        {
            var requester = run.Object("requester");
            Output.AddRow(table, run.String("id"), run.String("state"), run.String("image"), requester.String("subject"), requester.String("tenant"),
                JsonFields.Number(run.Items("datasets").Count()), JsonFields.When(run.Time("receivedAt")));
        }

        output.Console.Write(table);
        output.Line(OutputViews.Count(runs.Items().Count(), "run", "runs"));
    }

    /// <summary>
    /// The run and its decisions, then its result as it is held here: a row per declared metric and count. The counts
    /// were already made private when the result was checked, so they read as they would leave: noised, or suppressed.
    /// </summary>
    public static void Show(Output output, JsonElement run)
    {
        var requester = run.Object("requester");
        output.Record(
            ("id", run.String("id")),
            ("state", FederatedRunViews.State(run)),
            ("image", run.String("image")),
            ("datasets", string.Join("\n", run.Strings("datasets"))),
            ("organisations", run.List("organisations")),
            ("requester", requester.String("organisation") is { } organisation ? $"{requester.String("subject")} ({organisation})" : requester.String("subject")),
            ("tenant", requester.String("tenant")),
            ("metrics", run.List("metrics")),
            ("counts", run.List("counts")),
            ("arguments", string.Join(" ", run.Strings("arguments"))),
            ("received", JsonFields.When(run.Time("receivedAt"))),
            ("decided", By(run.Time("decidedAt"), run.String("decidedBy"))),
            ("result", JsonFields.When(run.Time("resultAt"))),
            ("released", By(run.Time("releasedAt"), run.String("releasedBy"))),
            ("hub told", run.String("reportedState")),
            ("you decide", run.Bool("youDecide") ? "yes" : "no"));

        var result = run.Object("result");
        if (result.ValueKind != JsonValueKind.Object)
        {
            output.Line(FinalStates.Contains(run.String("state")) ? "No result." : "No result yet.");
            return;
        }

        var table = output.Table("name", "kind", "value").Unwrapped(0);
        foreach (var metric in run.Strings("metrics"))
        {
            Output.AddRow(table, metric, "metric", result.Object("metrics").Number(metric));
        }

        var counts = run.Strings("counts");
        foreach (var count in counts)
        {
            Output.AddRow(table, count, "count", FederatedRunViews.Count(result.Object("counts").Object(count)));
        }

        output.Console.Write(table);
        if (counts.Count > 0)
        {
            output.Line("Counts are shown as they would leave: noised by the node's count policy, and suppressed below its small-cell threshold.");
        }
    }

    /// <summary>"2026-12-06 21:50 by 5c1f…", or only the one that is known.</summary>
    private static string By(DateTimeOffset? when, string? who) =>
        string.Join(" by ", new[] { JsonFields.When(when), who ?? "" }.Where(s => s.Length > 0));
}
