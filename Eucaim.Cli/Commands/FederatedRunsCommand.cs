using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Eucaim.Cli.Api;
using Eucaim.Cli.Jobs;
using Eucaim.Cli.Platform;

namespace Eucaim.Cli.Commands;

/// <summary>
/// <c>eucaim federation runs submit|list|show</c>: federated validation runs, an allow-listed image run at each
/// node on the tenant's granted federated datasets, only metrics and private counts coming back
/// (docs/federation.md#federated-validation-runs). <c>show --wait</c> reads the run until every node's part has ended.
/// </summary>
internal static class FederatedRunsCommand
{
    /// <summary>The states after which a node's part of a run changes no more.</summary>
    public static readonly string[] FinalStates = ["refused", "failed", "succeeded", "result-refused"];

    /// <summary>How often a run or a training is read while waiting: the nodes poll the hub every few seconds.</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(2);

    public static Command Create(CommandFactory factory)
    {
        var command = factory.Create("runs",
            "Federated validation runs (tenant members): an allow-listed image runs at each node on your tenant's granted federated datasets; only metrics and private counts come back.",
            "eucaim federation runs submit --tenant tenant-a --image eucaim/federated-validation:1.0 --flavor small-cpu --dataset <dataset id> --metric accuracy --metric auc",
            "eucaim federation runs list --tenant tenant-a",
            "eucaim federation runs show 3f9a… --wait");
        command.Subcommands.Add(Submit(factory));
        command.Subcommands.Add(List(factory));
        command.Subcommands.Add(Show(factory));
        return command;
    }

    private static Command Submit(CommandFactory factory)
    {
        var tenant = Tenant("The tenant whose grants and flavors the run uses (its slug, e.g. tenant-a); you must be a member.");
        var image = Image("An image of the job images allow-list that the nodes also allow, e.g. eucaim/federated-validation:1.0.");
        var flavor = Flavor();
        var datasets = FederationCommand.DatasetIds("A federated dataset granted to the tenant, by id (repeat for more); each node gets its own.");
        var metrics = Names("--metric", "A metric the run returns (repeat for more): dice, iou, hd95, auc, f1, accuracy, sensitivity, specificity.");
        var counts = Names("--count", "A named count the run returns (repeat for more): lower-case letters, digits and dashes; each node releases it privately (noise, small cells suppressed).");
        var arguments = Arguments("The image's arguments, after -- (e.g. -- --age-threshold 60).");
        var command = factory.Create("submit", """
            Submit a federated validation run: the hub sends each active node serving some of the datasets a signed run request for its own datasets.
            Refused submissions list every broken rule with its field (exit code 4).
            """,
            "eucaim federation runs submit --tenant tenant-a --image eucaim/federated-validation:1.0 --flavor small-cpu --dataset <dataset id> --metric accuracy --metric auc",
            "eucaim federation runs submit --tenant tenant-a --image eucaim/federated-validation:1.0 --flavor small-cpu --dataset <id 1> --dataset <id 2> --metric accuracy --metric f1 --count subjects --count female -- --age-threshold 60",
            "id=$(eucaim federation runs submit --tenant tenant-a --image eucaim/federated-validation:1.0 --flavor small-cpu --dataset <id> --metric auc --json | jq -r .id) && eucaim federation runs show \"$id\" --wait");
        foreach (var option in new Option[] { tenant, image, flavor, datasets, metrics, counts })
        {
            command.Options.Add(option);
        }

        command.Arguments.Add(arguments);
        factory.Run(command, async (context, parse, cancellationToken) =>
        {
            var body = new JsonObject
            {
                ["tenant"] = parse.GetValue(tenant),
                ["image"] = parse.GetValue(image),
                ["flavor"] = parse.GetValue(flavor),
                ["datasets"] = Array(parse.GetValue(datasets)?.Select(d => d.ToString())),
                ["metrics"] = Array(parse.GetValue(metrics)),
                ["counts"] = Array(parse.GetValue(counts)),
                ["arguments"] = Array(parse.GetValue(arguments)),
            };
            var run = await SubmitAsync(context, "api/federation/runs", body, cancellationToken);
            if (context.Output.Json)
            {
                context.Output.WriteJson(run);
                return ExitCodes.Ok;
            }

            var nodes = run.Items("nodes").Select(n => n.String("node")).ToList();
            context.Output.Line($"Submitted federated run {run.String("id")} ({run.String("tenant")}) to {OutputViews.Count(nodes.Count, "node", "nodes").TrimEnd('.')}: "
                + $"{string.Join(", ", nodes)}.");
            await context.Host.Error.WriteLineAsync($"Follow it with: eucaim federation runs show {run.String("id")} --wait");
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command List(CommandFactory factory)
    {
        var tenant = new Option<string?>("--tenant") { Description = "Only this tenant's runs." };
        var command = factory.Create("list", "Federated runs of your tenants (admins: all), newest first (at most 100), with how far each node is.",
            "eucaim federation runs list",
            "eucaim federation runs list --tenant tenant-a",
            "eucaim federation runs list --json | jq -r '.[] | select(all(.nodes[]; .state == \"succeeded\")) | .id'");
        command.Options.Add(tenant);
        factory.Run(command, async (context, parse, cancellationToken) =>
            context.Output.Print(await context.GetSignedInAsync(Query.Of("api/federation/runs", ("tenant", parse.GetValue(tenant))), cancellationToken),
                runs => FederatedRunViews.List(context.Output, runs)));
        return command;
    }

    private static Command Show(CommandFactory factory)
    {
        var id = new Argument<Guid>("id") { Description = "The run's id, as `eucaim federation runs submit` or `runs list` printed it." };
        var wait = new Option<bool>("--wait")
        {
            Description = "Read the run until every node's part has ended (refused, failed, succeeded, result-refused), saying each change on standard error; "
                + "then exit 0 when some node succeeded, 1 when none did.",
        };
        var command = factory.Create("show", "A federated run: each node's state and reason, and the metrics and released counts of its result (a suppressed count shows as suppressed).",
            "eucaim federation runs show 3f9a…",
            "eucaim federation runs show 3f9a… --wait",
            "eucaim federation runs show 3f9a… --wait --json | jq '.nodes[] | {node, state, metrics: .result.metrics}'");
        command.Arguments.Add(id);
        command.Options.Add(wait);
        factory.Run(command, async (context, parse, cancellationToken) =>
        {
            var path = $"api/federation/runs/{parse.GetValue(id)}";
            if (!parse.GetValue(wait))
            {
                return context.Output.Print(await context.GetSignedInAsync(path, cancellationToken), run => FederatedRunViews.Show(context.Output, run));
            }

            var said = new Dictionary<string, string>(StringComparer.Ordinal);
            while (true)
            {
                var run = await context.GetSignedInAsync(path, cancellationToken);
                var nodes = run.Items("nodes").ToList();
                foreach (var node in nodes)
                {
                    var state = FederatedRunViews.State(node);
                    if (!said.TryGetValue(node.String("node") ?? "", out var before) || before != state)
                    {
                        said[node.String("node") ?? ""] = state;
                        await context.Host.Error.WriteLineAsync($"{Clock(context)} run {parse.GetValue(id)}: {node.String("node")} {state}");
                    }
                }

                if (nodes.All(n => FinalStates.Contains(n.String("state"))))
                {
                    context.Output.Print(run, document => FederatedRunViews.Show(context.Output, document));
                    return nodes.Any(n => n.String("state") == "succeeded") ? ExitCodes.Ok : ExitCodes.Failure;
                }

                await Task.Delay(Interval, context.Host.Time, cancellationToken);
            }
        });
        return command;
    }

    /// <summary>
    /// POSTs a federated submission; a refusal prints every broken rule with its field (the API lists them all, as
    /// for jobs: the table, or the problem with <c>--json</c>) before its one-line error, exit code 4.
    /// </summary>
    public static async Task<JsonElement> SubmitAsync(CliContext context, string path, JsonObject body, CancellationToken cancellationToken)
    {
        ApiAnswer answer;
        try
        {
            answer = await context.SendSignedInAsync(HttpMethod.Post, path, cancellationToken, body);
        }
        catch (CliException refused) when (refused.Problem is { } problem && refused.ExitCode == ExitCodes.Refused)
        {
            if (context.Output.Json)
            {
                context.Output.WriteJson(problem);
            }
            else
            {
                JobTables.Refusals(context.Output, problem);
            }

            throw;
        }

        return answer.Json ?? throw new CliException(ExitCodes.Failure, $"POST {path}: the platform answered with an empty body");
    }

    public static Option<string?> Tenant(string description) => new("--tenant") { Description = description };

    public static Option<string?> Image(string description) => new("--image") { Description = description };

    public static Option<string?> Flavor() => new("--flavor") { Description = "A flavor among the tenant's (CPU, memory, GPUs), e.g. small-cpu." };

    /// <summary>A repeatable option of names (metrics, counts), one per option.</summary>
    public static Option<string[]> Names(string name, string description) =>
        new(name) { Description = description, Arity = ArgumentArity.OneOrMore, AllowMultipleArgumentsPerToken = false };

    public static Argument<string[]> Arguments(string description) => new("arguments") { Description = description, Arity = ArgumentArity.ZeroOrMore };

    /// <summary>A JSON array of the values given, or null (the field left out, for the API to judge) when none were.</summary>
    public static JsonArray? Array(IEnumerable<string>? values) =>
        values?.ToList() is { Count: > 0 } list ? new JsonArray([.. list.Select(v => (JsonNode?)JsonValue.Create(v))]) : null;

    /// <summary>The time of a progress line, as <c>jobs wait</c> writes it.</summary>
    public static string Clock(CliContext context) => context.Host.Time.GetLocalNow().ToString("HH:mm:ss", CultureInfo.InvariantCulture);
}
