using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Eucaim.Cli.Api;
using Eucaim.Cli.Platform;
using Spectre.Console;

namespace Eucaim.Cli.Commands;

/// <summary>
/// <c>eucaim access request|list|show</c>: a tenant member asks the access committee for datasets on
/// behalf of a tenant, and follows the requests (<c>/api/access-requests</c>, docs/access.md).
/// </summary>
internal static class AccessCommand
{
    public static Command Create(CommandFactory factory)
    {
        var command = factory.Create("access",
            "Ask for access to published datasets for your tenant, and follow your requests.",
            "eucaim access request --tenant tenant-a --dataset 0b7c… --title \"Nodule detection\" --purpose \"Train a lung nodule detector.\"",
            "eucaim access list --status approved");
        command.Subcommands.Add(Request(factory));
        command.Subcommands.Add(List(factory));
        command.Subcommands.Add(Show(factory));
        return command;
    }

    private static Command Request(CommandFactory factory)
    {
        var tenant = new Option<string>("--tenant") { Description = "The tenant the access is for (you must be a member), e.g. tenant-a.", Required = true };
        var datasets = new Option<string[]>("--dataset")
        {
            Description = "A published dataset's id, or id:version for that version only (default: the latest published); repeat for several.",
            Required = true,
            Arity = ArgumentArity.OneOrMore,
            AllowMultipleArgumentsPerToken = false,
        };
        var title = new Option<string>("--title") { Description = "A short title for the committee.", Required = true };
        var purpose = new Option<string>("--purpose") { Description = "What the data is for.", Required = true };
        var intendedUse = new Option<string?>("--intended-use") { Description = "How it will be used, e.g. \"Training inside the tenant\"." };
        var duo = new Option<string[]>("--duo") { Description = "A Data Use Ontology code, e.g. DUO:0000042; repeat for several.", Arity = ArgumentArity.OneOrMore, AllowMultipleArgumentsPerToken = false };
        var days = new Option<int?>("--days") { Description = "How many days of access (at most the platform's maximum, 730 by default)." };
        var command = factory.Create("request", "Ask the access committee (and the data holder where its terms say so) for datasets, for one of your tenants.",
            "eucaim access request --tenant tenant-a --dataset 0b7c… --title \"Nodule detection\" --purpose \"Train a lung nodule detector.\" --days 90",
            "eucaim access request --tenant tenant-a --dataset 0b7c…:2 --dataset 9e1d… --title \"Validation\" --purpose \"External validation.\" --duo DUO:0000042",
            "id=$(eucaim access request … --json | jq -r .id)");
        foreach (var option in new Option[] { tenant, datasets, title, purpose, intendedUse, duo, days })
        {
            command.Options.Add(option);
        }

        factory.Run(command, async (context, parse, cancellationToken) =>
        {
            var body = new JsonObject
            {
                ["tenant"] = parse.GetValue(tenant),
                ["title"] = parse.GetValue(title),
                ["purpose"] = parse.GetValue(purpose),
                ["datasets"] = new JsonArray([.. (parse.GetValue(datasets) ?? []).Select(Wanted)]),
            };
            if (parse.GetValue(intendedUse) is { } use)
            {
                body["intendedUse"] = use;
            }

            if (parse.GetValue(duo) is { Length: > 0 } codes)
            {
                body["duoCodes"] = new JsonArray([.. codes.Select(c => (JsonNode?)JsonValue.Create(c))]);
            }

            if (parse.GetValue(days) is { } requested)
            {
                body["requestedDays"] = requested;
            }

            var token = await context.Session.AccessTokenAsync(cancellationToken);
            var answer = await context.Api.SendAsync(HttpMethod.Post, "api/access-requests", token, cancellationToken, JsonBody.Of(body));
            var request = answer.Json ?? throw new CliException(ExitCodes.Failure, "POST api/access-requests: the platform answered with an empty body");
            if (context.Output.Json)
            {
                context.Output.WriteJson(request);
                return ExitCodes.Ok;
            }

            context.Output.Line($"Requested access {request.String("id")} for {request.String("tenant")}: {request.String("status")}; "
                + $"{string.Join(", ", request.Items("datasets").Select(d => $"{d.String("datasetName")} ({d.String("status")})"))}.");
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command List(CommandFactory factory)
    {
        var status = new Option<string?>("--status") { Description = "Only requests in this status: submitted, under-review, changes-requested, approved, rejected, withdrawn." };
        var tenant = new Option<string?>("--tenant") { Description = "Only this tenant's requests." };
        var limit = new Option<int?>("--limit") { Description = "At most this many, newest first (default 50, at most 200)." };
        var command = factory.Create("list", "Access requests you may see (yours, your tenants', those you review), newest first.",
            "eucaim access list",
            "eucaim access list --status approved --tenant tenant-a",
            "eucaim access list --json | jq -r '.[] | \"\\(.id) \\(.status)\"'");
        command.Options.Add(status);
        command.Options.Add(tenant);
        command.Options.Add(limit);
        factory.Run(command, async (context, parse, cancellationToken) =>
        {
            var token = await context.Session.AccessTokenAsync(cancellationToken);
            var requests = await context.Api.GetJsonAsync(Query.Of("api/access-requests",
                ("status", parse.GetValue(status)), ("tenant", parse.GetValue(tenant)),
                ("limit", parse.GetValue(limit)?.ToString(CultureInfo.InvariantCulture))), token, cancellationToken);
            if (context.Output.Json)
            {
                context.Output.WriteJson(requests);
                return ExitCodes.Ok;
            }

            var table = context.Output.Table("title", "tenant", "status", "datasets", "requested", "id");
            foreach (var request in requests.Items())
            {
                Output.AddRow(table, request.String("title"), request.String("tenant"), request.String("status"), Datasets(request),
                    JsonFields.When(request.Time("createdAt")), request.String("id"));
            }

            context.Output.Console.Write(table);
            context.Output.Line($"{requests.GetArrayLength()} request(s).");
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Show(CommandFactory factory)
    {
        var id = new Argument<Guid>("id") { Description = "The access request's id." };
        var command = factory.Create("show", "An access request: each dataset's outcome and grant, and every decision.",
            "eucaim access show 7a2e…",
            "eucaim access show 7a2e… --json | jq -r '.datasets[].grantId'");
        command.Arguments.Add(id);
        factory.Run(command, async (context, parse, cancellationToken) =>
        {
            var token = await context.Session.AccessTokenAsync(cancellationToken);
            var request = await context.Api.GetJsonAsync($"api/access-requests/{parse.GetValue(id)}", token, cancellationToken);
            if (context.Output.Json)
            {
                context.Output.WriteJson(request);
                return ExitCodes.Ok;
            }

            var summary = context.Output.Table("", "");
            summary.HideHeaders();
            Output.AddRow(summary, "title", request.String("title"));
            Output.AddRow(summary, "tenant", request.String("tenant"));
            Output.AddRow(summary, "status", $"{request.String("status")} (revision {JsonFields.Number(request.Int("revision"))})");
            Output.AddRow(summary, "purpose", request.String("purpose"));
            Output.AddRow(summary, "intended use", request.String("intendedUse"));
            Output.AddRow(summary, "DUO codes", request.List("duoCodes"));
            Output.AddRow(summary, "days", JsonFields.Number(request.Int("requestedDays")));
            Output.AddRow(summary, "requested", $"{JsonFields.When(request.Time("createdAt"))} by {request.String("requesterName") ?? request.String("requester")}");
            context.Output.Console.Write(summary);

            var datasets = context.Output.Table("dataset", "organization", "version", "status", "grant", "id");
            foreach (var dataset in request.Items("datasets"))
            {
                Output.AddRow(datasets, dataset.String("datasetName"), dataset.String("organization"), JsonFields.Number(dataset.Int("version")) is { Length: > 0 } v ? v : "latest",
                    dataset.String("status"), dataset.String("grantId"), dataset.String("datasetId"));
            }

            context.Output.Console.Write(datasets);
            if (request.Items("decisions").Any())
            {
                var decisions = context.Output.Table("dataset", "party", "decision", "by", "when", "comment", "conditions");
                foreach (var decision in request.Items("decisions"))
                {
                    Output.AddRow(decisions, decision.String("datasetId"), decision.String("party"), decision.String("decision"), decision.String("decider"),
                        JsonFields.When(decision.Time("decidedAt")), decision.String("comment"), decision.String("conditions"));
                }

                context.Output.Console.Write(decisions);
            }

            return ExitCodes.Ok;
        });
        return command;
    }

    private static string Datasets(JsonElement request) =>
        string.Join(", ", request.Items("datasets").Select(d => $"{d.String("datasetName")}: {d.String("status")}"));

    /// <summary><c>id</c> or <c>id:version</c>.</summary>
    private static JsonNode Wanted(string value)
    {
        var (idText, versionText) = value.IndexOf(':', StringComparison.Ordinal) is var colon and >= 0 ? (value[..colon], value[(colon + 1)..]) : (value, null);
        if (!Guid.TryParse(idText, out var id))
        {
            throw new CliException(ExitCodes.Usage, $"--dataset: '{idText}' is not a dataset id (a UUID, as `eucaim search` prints)");
        }

        var wanted = new JsonObject { ["datasetId"] = id.ToString() };
        if (versionText is not null)
        {
            wanted["version"] = int.TryParse(versionText, NumberStyles.None, CultureInfo.InvariantCulture, out var version) && version > 0
                ? version
                : throw new CliException(ExitCodes.Usage, $"--dataset: '{versionText}' is not a version number (id:version, e.g. {id}:2)");
        }

        return wanted;
    }
}
