using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using Eucaim.Cli.Api;
using Eucaim.Cli.Platform;

namespace Eucaim.Cli.Commands;

/// <summary>
/// <c>eucaim federation trainings submit|list|show</c>: federated trainings, FedAvg rounds of an allow-listed training
/// image at each node, averaged by an aggregator job in the tenant (docs/federation.md#federated-training).
/// <c>show --wait</c> reads the training until it has ended, saying each round as it closes; it exits 0 when the
/// training succeeded and 1 when it failed.
/// </summary>
internal static class FederatedTrainingsCommand
{
    public static Command Create(CommandFactory factory)
    {
        var command = factory.Create("trainings",
            "Federated trainings (tenant members): FedAvg rounds at the nodes on your tenant's granted federated datasets; only weights, sample counts and metrics come back, averaged by an aggregator job in your tenant.",
            "eucaim federation trainings submit --tenant tenant-a --image eucaim/federated-training:1.0 --flavor small-cpu --dataset <dataset id> --rounds 3 --weight-count 3 --metric loss --metric accuracy",
            "eucaim federation trainings list --tenant tenant-a",
            "eucaim federation trainings show 9c2d… --wait");
        command.Subcommands.Add(Submit(factory));
        command.Subcommands.Add(List(factory));
        command.Subcommands.Add(Show(factory));
        return command;
    }

    private static Command Submit(CommandFactory factory)
    {
        var tenant = FederatedRunsCommand.Tenant("The tenant whose grants and flavors the training uses (its slug); you must be a member. Its aggregator jobs run there.");
        var image = FederatedRunsCommand.Image("A training image of the job images allow-list, e.g. eucaim/federated-training:1.0.");
        var flavor = FederatedRunsCommand.Flavor();
        var datasets = FederationCommand.DatasetIds("A federated dataset granted to the tenant, by id (repeat for more); each node trains on its own.");
        var rounds = Number("--rounds", "How many rounds (1 to 50).");
        var weightCount = Number("--weight-count", "The model's number of weights (1 to 128); every node's contribution must have exactly these.");
        var metrics = FederatedRunsCommand.Names("--metric", "What each node reports of the incoming global model on its data (repeat for more): loss, accuracy, auc.");
        var quorum = Number("--quorum", "How many nodes must contribute for a round to count (default: all of them).");
        var roundMinutes = Number("--round-minutes", "How long a round waits for its nodes, in minutes (1 to 1440, default 30).");
        var initialWeights = new Option<string[]>("--initial-weight")
        {
            Description = "Round 1's global weights, one number per option, in order (--weight-count of them); zeros when left out. A negative one: --initial-weight=-0.5.",
            HelpName = "x",
            Arity = ArgumentArity.OneOrMore,
            AllowMultipleArgumentsPerToken = false,
        };
        initialWeights.Validators.Add(result =>
        {
            foreach (var token in result.Tokens.Where(t => !double.TryParse(t.Value, NumberStyles.Float, CultureInfo.InvariantCulture, out _)))
            {
                result.AddError($"--initial-weight: '{token.Value}' is not a number (e.g. 0.5, -1, 2e-3).");
            }
        });
        var convergeMetric = new Option<string?>("--converge-metric")
        {
            Description = "Stop before --rounds when this declared metric stops improving (loss falling; accuracy, auc rising); with --min-improvement.",
            HelpName = "metric",
        };
        var minImprovement = new Option<string?>("--min-improvement")
        {
            Description = "With --converge-metric: after each round from round 2 on, an improvement over the previous round below this ends the training (e.g. 0.01).",
            HelpName = "x",
        };
        minImprovement.Validators.Add(result =>
        {
            foreach (var token in result.Tokens.Where(t => !double.TryParse(t.Value, NumberStyles.Float, CultureInfo.InvariantCulture, out _)))
            {
                result.AddError($"--min-improvement: '{token.Value}' is not a number (e.g. 0.01, 1e-3).");
            }
        });
        var arguments = FederatedRunsCommand.Arguments("The training image's arguments, after -- (e.g. -- --epochs 25).");
        var command = factory.Create("submit", """
            Submit a federated training: round 1's train request goes to each active node serving some of the datasets; each round closes at its quorum and is averaged by an aggregator job in the tenant.
            Refused submissions list every broken rule with its field (exit code 4).
            """,
            "eucaim federation trainings submit --tenant tenant-a --image eucaim/federated-training:1.0 --flavor small-cpu --dataset <dataset id> --rounds 3 --weight-count 3 --metric loss --metric accuracy",
            "eucaim federation trainings submit --tenant tenant-a --image eucaim/federated-training:1.0 --flavor small-cpu --dataset <id 1> --dataset <id 2> --rounds 5 --weight-count 3 --metric loss --metric auc --quorum 1 --round-minutes 10 --initial-weight 0 --initial-weight=-0.5 --initial-weight 0.1 -- --epochs 50",
            "eucaim federation trainings submit --tenant tenant-a --image eucaim/federated-training:1.0 --flavor small-cpu --dataset <id> --rounds 10 --weight-count 3 --metric loss --converge-metric loss --min-improvement 0.01",
            "id=$(eucaim federation trainings submit --tenant tenant-a --image eucaim/federated-training:1.0 --flavor small-cpu --dataset <id> --rounds 2 --weight-count 3 --metric loss --json | jq -r .id) && eucaim federation trainings show \"$id\" --wait");
        foreach (var option in new Option[] { tenant, image, flavor, datasets, rounds, weightCount, metrics, quorum, roundMinutes, initialWeights, convergeMetric, minImprovement })
        {
            command.Options.Add(option);
        }

        command.Arguments.Add(arguments);
        factory.Run(command, async (context, parse, cancellationToken) =>
        {
            var weights = parse.GetValue(initialWeights) is { Length: > 0 } given
                ? new JsonArray([.. given.Select(w => (JsonNode?)JsonValue.Create(double.Parse(w, NumberStyles.Float, CultureInfo.InvariantCulture)))])
                : null;
            // Either option alone still goes to the hub, which names the half that is missing.
            var converge = parse.GetValue(convergeMetric) is null && parse.GetValue(minImprovement) is null ? null : new JsonObject
            {
                ["metric"] = parse.GetValue(convergeMetric),
                ["minImprovement"] = parse.GetValue(minImprovement) is { } min ? double.Parse(min, NumberStyles.Float, CultureInfo.InvariantCulture) : null,
            };
            var body = new JsonObject
            {
                ["tenant"] = parse.GetValue(tenant),
                ["image"] = parse.GetValue(image),
                ["flavor"] = parse.GetValue(flavor),
                ["datasets"] = FederatedRunsCommand.Array(parse.GetValue(datasets)?.Select(d => d.ToString())),
                ["rounds"] = parse.GetValue(rounds),
                ["weightCount"] = parse.GetValue(weightCount),
                ["metrics"] = FederatedRunsCommand.Array(parse.GetValue(metrics)),
                ["initialWeights"] = weights,
                ["quorum"] = parse.GetValue(quorum),
                ["roundMinutes"] = parse.GetValue(roundMinutes),
                ["arguments"] = FederatedRunsCommand.Array(parse.GetValue(arguments)),
                ["convergence"] = converge,
            };
            var training = await FederatedRunsCommand.SubmitAsync(context, "api/federation/trainings", body, cancellationToken);
            if (context.Output.Json)
            {
                context.Output.WriteJson(training);
                return ExitCodes.Ok;
            }

            var nodes = training.Items("roundsDone").LastOrDefault().Items("nodes").Select(n => n.String("node")).ToList();
            context.Output.Line($"Submitted federated training {training.String("id")} ({training.String("tenant")}): {JsonFields.Number(training.Int("rounds"))} round(s), "
                + $"quorum {JsonFields.Number(training.Int("quorum"))} of {OutputViews.Count(nodes.Count, "node", "nodes").TrimEnd('.')}: {string.Join(", ", nodes)}.");
            await context.Host.Error.WriteLineAsync($"Follow it with: eucaim federation trainings show {training.String("id")} --wait");
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command List(CommandFactory factory)
    {
        var tenant = new Option<string?>("--tenant") { Description = "Only this tenant's trainings." };
        var command = factory.Create("list", "Federated trainings of your tenants (admins: all), newest first (at most 100): state, the round reached, the model.",
            "eucaim federation trainings list",
            "eucaim federation trainings list --tenant tenant-a",
            "eucaim federation trainings list --json | jq -r '.[] | select(.state == \"training\") | .id'");
        command.Options.Add(tenant);
        factory.Run(command, async (context, parse, cancellationToken) =>
            context.Output.Print(await context.GetSignedInAsync(Query.Of("api/federation/trainings", ("tenant", parse.GetValue(tenant))), cancellationToken),
                trainings => FederatedTrainingViews.List(context.Output, trainings)));
        return command;
    }

    private static Command Show(CommandFactory factory)
    {
        var id = new Argument<Guid>("id") { Description = "The training's id, as `eucaim federation trainings submit` or `trainings list` printed it." };
        var wait = new Option<bool>("--wait")
        {
            Description = "Read the training until it has ended, saying each round on standard error as it closes; then exit 0 when it succeeded, 1 when it failed.",
        };
        var command = factory.Create("show",
            "A federated training: its state and reason, and each round's state, samples, metrics and aggregator job, with each node's part (state, samples).",
            "eucaim federation trainings show 9c2d…",
            "eucaim federation trainings show 9c2d… --wait",
            "eucaim federation trainings show 9c2d… --wait --json | jq '.roundsDone[] | {round, metrics, aggregatorJob}'",
            "eucaim outputs list $(eucaim federation trainings show 9c2d… --json | jq -r '.roundsDone[-1].aggregatorJob')");
        command.Arguments.Add(id);
        command.Options.Add(wait);
        factory.Run(command, async (context, parse, cancellationToken) =>
        {
            var path = $"api/federation/trainings/{parse.GetValue(id)}";
            if (!parse.GetValue(wait))
            {
                return context.Output.Print(await context.GetSignedInAsync(path, cancellationToken), training => FederatedTrainingViews.Show(context.Output, training));
            }

            var said = new HashSet<int>();
            while (true)
            {
                var training = await context.GetSignedInAsync(path, cancellationToken);
                foreach (var round in training.Items("roundsDone").Where(r => r.String("state") is "done" or "failed"))
                {
                    if (round.Int("round") is { } number && said.Add(number))
                    {
                        await context.Host.Error.WriteLineAsync($"{FederatedRunsCommand.Clock(context)} training {parse.GetValue(id)}: {FederatedTrainingViews.RoundLine(training, round)}");
                    }
                }

                if (training.String("state") != "training")
                {
                    context.Output.Print(training, document => FederatedTrainingViews.Show(context.Output, document));
                    return training.String("state") == "succeeded" ? ExitCodes.Ok : ExitCodes.Failure;
                }

                await Task.Delay(FederatedRunsCommand.Interval, context.Host.Time, cancellationToken);
            }
        });
        return command;
    }

    private static Option<int?> Number(string name, string description) => new(name) { Description = description, HelpName = "n" };
}
