using System.Text.Json;
using Eucaim.Cli.Platform;

namespace Eucaim.Cli.Commands;

/// <summary>How the federated training documents of the API (FederatedTrainingResponse) are shown to people.</summary>
internal static class FederatedTrainingViews
{
    public static void List(Output output, JsonElement trainings)
    {
        var table = output.Table("id", "tenant", "state", "round", "submitted", "image", "model").Unwrapped(0);
        foreach (var training in trainings.Items())
        {
            // The state alone: its reason (a sentence) is for `show`.
            Output.AddRow(table, training.String("id"), training.String("tenant"), training.String("state"), Round(training),
                JsonFields.When(training.Time("submittedAt")), training.String("image"), Model(training));
        }

        output.Console.Write(table);
        output.Line(OutputViews.Count(trainings.Items().Count(), "federated training", "federated trainings"));
    }

    /// <summary>The training, a row per round (state, samples, metrics, aggregator job) and a row per node's part of each round.</summary>
    public static void Show(Output output, JsonElement training)
    {
        output.Record(
            ("id", training.String("id")),
            ("tenant", training.String("tenant")),
            ("state", State(training)),
            ("round", Round(training)),
            ("image", training.String("image")),
            ("flavor", training.String("flavor")),
            ("datasets", string.Join("\n", training.Strings("datasets"))),
            ("model", Model(training)),
            ("quorum", $"{JsonFields.Number(training.Int("quorum"))} node(s); a round waits {JsonFields.Number(training.Int("roundMinutes"))} min at most"),
            ("convergence", Convergence(training)),
            ("arguments", string.Join(" ", training.Strings("arguments"))),
            ("submitted", $"{JsonFields.When(training.Time("submittedAt"))} by {training.String("submittedBy")}"));

        var rounds = training.Items("roundsDone").ToList();
        if (rounds.Count == 0)
        {
            return;
        }

        var table = output.Table("round", "state", "samples", "metrics", "aggregator job", "closed", "reason").Unwrapped(4);
        foreach (var round in rounds)
        {
            Output.AddRow(table, JsonFields.Number(round.Int("round")), round.String("state"), JsonFields.Number(round.Int("samples")), Metrics(round),
                round.String("aggregatorJob"), JsonFields.When(round.Time("closedAt")), round.String("reason"));
        }

        output.Console.Write(table);
        var parts = output.Table("round", "node", "state", "samples", "reason").Unwrapped(1);
        foreach (var round in rounds)
        {
            foreach (var node in round.Items("nodes"))
            {
                Output.AddRow(parts, JsonFields.Number(round.Int("round")), node.String("node"), node.String("state"), JsonFields.Number(node.Int("samples")),
                    node.String("reason"));
            }
        }

        output.Console.Write(parts);
    }

    /// <summary>
    /// A closed round in one line, as <c>show --wait</c> says it:
    /// "round 1 of 3 done: 40 samples from 2 of 2 node(s); loss 0.68, accuracy 0.5; aggregator job 5f0c…".
    /// </summary>
    public static string RoundLine(JsonElement training, JsonElement round)
    {
        var nodes = round.Items("nodes").ToList();
        var contributed = nodes.Count(n => n.String("state") == "succeeded");
        var line = $"round {JsonFields.Number(round.Int("round"))} of {JsonFields.Number(training.Int("rounds"))} {round.String("state")}: "
            + $"{JsonFields.Number(round.Int("samples"))} samples from {contributed} of {nodes.Count} node(s)";
        if (Metrics(round) is { Length: > 0 } metrics)
        {
            line += $"; {metrics}";
        }

        if (round.String("aggregatorJob") is { } job)
        {
            line += $"; aggregator job {job}";
        }

        return round.String("reason") is { Length: > 0 } reason ? $"{line}; {reason}" : line;
    }

    /// <summary>"loss 0.68, accuracy 0.5": the round's sample-weighted metrics of the incoming global model.</summary>
    private static string Metrics(JsonElement round)
    {
        var metrics = round.Object("metrics");
        return metrics.ValueKind == JsonValueKind.Object
            ? string.Join(", ", metrics.EnumerateObject().Select(m => $"{m.Name} {m.Value.GetRawText()}"))
            : "";
    }

    private static string State(JsonElement training) =>
        training.String("reason") is { Length: > 0 } reason ? $"{training.String("state")}: {reason}" : training.String("state") ?? "?";

    private static string Round(JsonElement training) => $"{JsonFields.Number(training.Int("round"))} of {JsonFields.Number(training.Int("rounds"))}";

    /// <summary>"stops when loss improves by less than 0.01 in a round", or "all rounds" when the training has no convergence rule.</summary>
    private static string Convergence(JsonElement training)
    {
        var rule = training.Object("convergence");
        return rule.ValueKind == JsonValueKind.Object
            ? $"stops when {rule.String("metric")} improves by less than {rule.Number("minImprovement")} in a round"
            : "none: all rounds";
    }

    private static string Model(JsonElement training) =>
        $"{JsonFields.Number(training.Int("weightCount"))} weights; metrics {training.List("metrics")}";
}
