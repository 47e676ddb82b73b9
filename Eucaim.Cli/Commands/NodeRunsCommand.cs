using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Nodes;
using Eucaim.Cli.Api;
using Eucaim.Cli.Platform;

namespace Eucaim.Cli.Commands;

/// <summary>
/// <c>eucaim node runs list|show|approve|refuse|release|withhold</c>: at a federated node's own Api, the runs the hub
/// sent, for the data holders of their datasets to approve or refuse before they run and to release or withhold
/// their results before anything leaves (<c>/api/node/runs</c>, docs/federation.md#the-data-holders-say).
/// </summary>
internal static class NodeRunsCommand
{
    private const string Node = "--platform http://localhost:5282";

    public static Command Create(CommandFactory factory)
    {
        var command = factory.Create("runs",
            "The runs the hub sent this node, for the data holders of their datasets: approve or refuse a run before it runs, release or withhold its result before it leaves.",
            $"eucaim {Node} node runs list --state awaiting-approval",
            $"eucaim {Node} node runs show 3f9a…",
            $"eucaim {Node} node runs approve 3f9a…",
            $"eucaim {Node} node runs withhold 3f9a… --reason \"Too few patients of one sex in this cohort.\"");
        command.Subcommands.Add(List(factory));
        command.Subcommands.Add(Show(factory));
        command.Subcommands.Add(Decide(factory, "approve", "Approved", reasonRequired: false,
            "Approve a run awaiting approval (a data holder of every one of its datasets here): it runs on the node's next round.",
            "Why, kept with the decision (optional).",
            "It runs on the node's next round.",
            $"eucaim {Node} node runs approve 3f9a…",
            $"eucaim {Node} node runs approve 3f9a… --reason \"Within the cohort's consent.\""));
        command.Subcommands.Add(Decide(factory, "refuse", "Refused", reasonRequired: true,
            "Refuse a run awaiting approval, saying why: it never runs here, and the researcher is told the reason.",
            "Why it is refused; the researcher is told it.",
            "The hub is told on the node's next poll.",
            $"eucaim {Node} node runs refuse 3f9a… --reason \"Not for this study's population.\""));
        command.Subcommands.Add(Decide(factory, "release", "Released", reasonRequired: false,
            "Release a run's result awaiting release (its metrics and private counts, as `node runs show` prints them) to the hub.",
            "Why, kept with the decision (optional).",
            "The hub gets the result on the node's next poll.",
            $"eucaim {Node} node runs show 3f9a… && eucaim {Node} node runs release 3f9a…",
            $"eucaim {Node} node runs release 3f9a… --json | jq -r .state"));
        command.Subcommands.Add(Decide(factory, "withhold", "Withheld", reasonRequired: true,
            "Withhold a run's result awaiting release, saying why: nothing of it leaves the node, and the run fails at the hub with the reason.",
            "Why it is withheld; the researcher is told it.",
            "Nothing of its result leaves; the hub is told on the node's next poll.",
            $"eucaim {Node} node runs withhold 3f9a… --reason \"Too few patients of one sex in this cohort.\""));
        return command;
    }

    private static Command List(CommandFactory factory)
    {
        var state = new Option<string?>("--state")
        {
            Description = "Only runs in this state: awaiting-approval, refused, approved, running, awaiting-release, released, withheld, failed.",
        };
        var command = factory.Create("list", "The runs the hub sent this node that you hold data for (the node's admins: all), newest first.",
            $"eucaim {Node} node runs list",
            $"eucaim {Node} node runs list --state awaiting-approval",
            $"eucaim {Node} node runs list --state awaiting-release --json | jq -r '.[] | select(.youDecide) | .id'");
        command.Options.Add(state);
        factory.Run(command, async (context, parse, cancellationToken) =>
        {
            JsonElement runs;
            try
            {
                runs = await context.GetSignedInAsync(Query.Of("api/node/runs", ("state", parse.GetValue(state))), cancellationToken);
            }
            catch (CliException notServed) when (notServed.HttpStatus == 404)
            {
                // The list always exists at a node, so a 404 here means the tool talks to the hub (or another
                // platform), the one mistake everyone makes once: say where to point it instead.
                throw new CliException(notServed.ExitCode,
                    $"{notServed.Message}; {context.Target.Display} serves no node runs: point the tool at the node's own Api with --platform <url> (or a profile)")
                {
                    Problem = notServed.Problem,
                    HttpStatus = notServed.HttpStatus,
                };
            }

            return context.Output.Print(runs, document => NodeRunViews.List(context.Output, document));
        });
        return command;
    }

    private static Command Show(CommandFactory factory)
    {
        var id = RunId();
        var command = factory.Create("show",
            "A run at this node: what was asked and by whom, the decisions, and its result (metrics and private counts) as it is held for release.",
            $"eucaim {Node} node runs show 3f9a…",
            $"eucaim {Node} node runs show 3f9a… --json | jq '.result.metrics'");
        command.Arguments.Add(id);
        factory.Run(command, async (context, parse, cancellationToken) =>
            context.Output.Print(await context.GetSignedInAsync(RunPath(parse, id), cancellationToken), run => NodeRunViews.Show(context.Output, run)));
        return command;
    }

    /// <summary>
    /// <c>approve</c>, <c>refuse</c>, <c>release</c> or <c>withhold</c>: a POST of the reason, answered with the run.
    /// A required reason is required on the command line too, so a decision that cannot succeed is never sent.
    /// </summary>
    private static Command Decide(CommandFactory factory, string decision, string verb, bool reasonRequired, string description, string reasonDescription,
        string after, params string[] examples)
    {
        var id = RunId();
        var reason = new Option<string?>("--reason") { Description = reasonDescription, Required = reasonRequired };
        var command = factory.Create(decision, description, examples);
        command.Arguments.Add(id);
        command.Options.Add(reason);
        factory.Run(command, async (context, parse, cancellationToken) =>
        {
            var body = new JsonObject();
            if (parse.GetValue(reason) is { } why)
            {
                body["reason"] = why;
            }

            var path = $"{RunPath(parse, id)}/{decision}";
            var answer = await context.SendSignedInAsync(HttpMethod.Post, path, cancellationToken, body);
            var run = answer.Json ?? throw new CliException(ExitCodes.Failure, $"POST {path}: the platform answered with an empty body");
            if (context.Output.Json)
            {
                context.Output.WriteJson(run);
                return ExitCodes.Ok;
            }

            context.Output.Line($"{verb} run {run.String("id")}: {run.String("state")}. {after}");
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Argument<Guid> RunId() => new("id") { Description = "The run's id, as `eucaim node runs list` printed it (the hub's run id)." };

    private static string RunPath(ParseResult parse, Argument<Guid> id) => $"api/node/runs/{parse.GetValue(id)}";
}
