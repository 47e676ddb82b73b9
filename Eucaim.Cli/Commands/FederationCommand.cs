using System.CommandLine;
using System.Text.Json.Nodes;
using Eucaim.Cli.Api;
using Eucaim.Cli.Platform;

namespace Eucaim.Cli.Commands;

/// <summary>
/// <c>eucaim federation …</c>: the federated count search over the hospitals' nodes (anyone signed in),
/// federated validation runs and trainings (tenant members: <see cref="FederatedRunsCommand"/>, <see cref="FederatedTrainingsCommand"/>)
/// and the registry of the nodes the hub trusts (admins), docs/federation.md.
/// </summary>
internal static class FederationCommand
{
    public static Command Create(CommandFactory factory)
    {
        var command = factory.Create("federation",
            "Count matching subjects, studies and series at the hospitals' nodes (private counts), run validations and trainings there (only metrics come back); admins register and revoke nodes.",
            "eucaim federation counts --sex F --age-min 40 --age-max 80 --modality MR",
            "eucaim federation counts show 5b1e…",
            "eucaim federation runs submit --tenant tenant-a --image eucaim/federated-validation:1.0 --flavor small-cpu --dataset <dataset id> --metric accuracy --metric auc",
            "eucaim federation trainings show 9c2d… --wait",
            "eucaim federation nodes list",
            "eucaim federation nodes register --id sas-sevilla --organisation \"Servicio Andaluz De Salud\" --public-key-file node.pub.pem --dataset <dataset id>");
        command.Subcommands.Add(Counts(factory));
        command.Subcommands.Add(FederatedRunsCommand.Create(factory));
        command.Subcommands.Add(FederatedTrainingsCommand.Create(factory));
        command.Subcommands.Add(Nodes(factory));
        return command;
    }

    private static Command Counts(CommandFactory factory)
    {
        var filters = new (Option Option, Action<ParseResult, JsonObject> Set)[]
        {
            Text("--sex", "sex", "Patient's Sex: F, M or O."),
            Number("--age-min", "ageMin", "The youngest age at the study date, in whole years (0 to 150)."),
            Number("--age-max", "ageMax", "The oldest age at the study date, in whole years (0 to 150)."),
            Text("--cancer-type", "cancerType", "A cancer type of the catalogue, e.g. \"Prostate Cancer\" (chooses the datasets)."),
            Text("--modality", "modality", "A DICOM modality code of a series: CT, MR, PT, MG…"),
            Text("--body-part", "bodyPart", "Body Part Examined of a series, any case, e.g. PROSTATE."),
            Text("--manufacturer", "manufacturer", "The series' equipment manufacturer, any case, its beginning, e.g. siemens."),
            Text("--tier", "tier", "A tier of the catalogue: 1, 2, 3 or a sub-level such as 3C+ (chooses the datasets)."),
            Datasets(),
        };
        var command = factory.Create("counts", """
            Ask every node serving a matching federated dataset for private counts (noised, small cells shown as "< 10"), per node and dataset, with totals.
            Nodes that do not answer within the hub's time-out are listed; the result is then marked PARTIAL (exit code 0: scripts read .complete of --json).
            """,
            "eucaim federation counts",
            "eucaim federation counts --sex F --age-min 40 --age-max 80 --modality MR",
            "eucaim federation counts --cancer-type \"Prostate Cancer\" --body-part prostate --manufacturer siemens",
            "eucaim federation counts --dataset 5e3c… --dataset 8a41…",
            "eucaim federation counts --modality CT --json | jq -e .complete");
        foreach (var (option, _) in filters)
        {
            command.Options.Add(option);
        }

        factory.Run(command, async (context, parse, cancellationToken) =>
        {
            var body = new JsonObject();
            foreach (var (_, set) in filters)
            {
                set(parse, body);
            }

            var answer = await context.SendSignedInAsync(HttpMethod.Post, "api/federation/counts", cancellationToken, body);
            return context.Output.Print(answer.Json ?? default, search => FederationViews.Counts(context.Output, search));
        });
        command.Subcommands.Add(ShowCounts(factory));
        return command;
    }

    private static Command ShowCounts(CommandFactory factory)
    {
        var id = new Argument<Guid>("queryId") { Description = "The search's query id, as `eucaim federation counts` printed it." };
        var command = factory.Create("show", "A federated search read again: answers that came after the time-out show as answered-late (its asker or an admin).",
            "eucaim federation counts show 5b1e…",
            "eucaim federation counts show 5b1e… --json | jq '.nodes[] | {node, status}'");
        command.Arguments.Add(id);
        factory.Run(command, async (context, parse, cancellationToken) =>
            context.Output.Print(await context.GetSignedInAsync($"api/federation/counts/{parse.GetValue(id)}", cancellationToken),
                search => FederationViews.Counts(context.Output, search)));
        return command;
    }

    private static Command Nodes(CommandFactory factory)
    {
        var command = factory.Create("nodes", "The hospitals' nodes the hub trusts: their keys and the datasets they serve (admins only).",
            "eucaim federation nodes list",
            "eucaim federation nodes show sas-sevilla",
            "eucaim federation nodes register --id sas-sevilla --organisation \"Servicio Andaluz De Salud\" --public-key-file node.pub.pem --dataset <dataset id>",
            "eucaim federation nodes revoke sas-sevilla --yes");
        command.Subcommands.Add(ListNodes(factory));
        command.Subcommands.Add(ShowNode(factory));
        command.Subcommands.Add(Register(factory));
        command.Subcommands.Add(Revoke(factory));
        return command;
    }

    private static Command ListNodes(CommandFactory factory)
    {
        var command = factory.Create("list", "Every registered node, active or revoked, by id (admins only).",
            "eucaim federation nodes list",
            "eucaim federation nodes list --json | jq -r '.[] | select(.state == \"active\") | .id'");
        factory.Run(command, async (context, _, cancellationToken) =>
            context.Output.Print(await context.GetSignedInAsync("api/federation/nodes", cancellationToken), nodes => FederationViews.NodeTable(context.Output, nodes)));
        return command;
    }

    private static Command ShowNode(CommandFactory factory)
    {
        var id = NodeId();
        var command = factory.Create("show", "One node: organisation, key fingerprint, datasets, state, when it was last seen (admins only).",
            "eucaim federation nodes show sas-sevilla",
            "eucaim federation nodes show sas-sevilla --json | jq -r .fingerprint");
        command.Arguments.Add(id);
        factory.Run(command, async (context, parse, cancellationToken) =>
            context.Output.Print(await context.GetSignedInAsync(NodePath(parse, id), cancellationToken), node => FederationViews.NodeDetails(context.Output, node)));
        return command;
    }

    private static Command Register(CommandFactory factory)
    {
        var id = new Option<string>("--id") { Description = "The node's id, a DNS label such as sas-sevilla (the key id of its messages); it never changes." };
        var organisation = new Option<string>("--organisation") { Description = "The hospital or organisation that runs the node, as researchers will see it." };
        var keyFile = new Option<FileInfo>("--public-key-file")
        {
            Description = "The node's P-256 public key, PEM (-----BEGIN PUBLIC KEY-----), as the hospital sent it; compare its fingerprint with theirs.",
            Required = true,
        };
        var datasets = DatasetIds("A federated dataset of the catalogue the node serves, by id (repeat for more).");
        var command = factory.Create("register",
            "Register a hospital's node (admins only): it may then poll the hub and gets the count queries of its datasets. Its id and key never change.",
            "eucaim federation nodes register --id sas-sevilla --organisation \"Servicio Andaluz De Salud\" --public-key-file node.pub.pem --dataset <dataset id>",
            "eucaim federation nodes register --id sas-sevilla --organisation \"Servicio Andaluz De Salud\" --public-key-file node.pub.pem --dataset <id 1> --dataset <id 2> --json | jq -r .fingerprint");
        command.Options.Add(id);
        command.Options.Add(organisation);
        command.Options.Add(keyFile);
        command.Options.Add(datasets);
        factory.Run(command, async (context, parse, cancellationToken) =>
        {
            var body = new JsonObject
            {
                ["id"] = parse.GetValue(id),
                ["organisation"] = parse.GetValue(organisation),
                ["publicKey"] = PublicKey(parse.GetValue(keyFile)!),
                ["datasets"] = new JsonArray([.. (parse.GetValue(datasets) ?? []).Select(d => (JsonNode?)JsonValue.Create(d))]),
            };
            var answer = await context.SendSignedInAsync(HttpMethod.Post, "api/federation/nodes", cancellationToken, body);
            return FederationViews.NodeChanged(context.Output, answer, "Registered");
        });
        return command;
    }

    private static Command Revoke(CommandFactory factory)
    {
        var id = NodeId();
        var yes = Confirmation.YesOption();
        var command = factory.Create("revoke",
            "Revoke a node (admins only): it gets no more queries and its messages are refused. Its id cannot be registered again. Asks first, or give --yes.",
            "eucaim federation nodes revoke sas-sevilla",
            "eucaim federation nodes revoke sas-sevilla --yes");
        command.Arguments.Add(id);
        command.Options.Add(yes);
        factory.Run(command, async (context, parse, cancellationToken) =>
        {
            var node = parse.GetValue(id)!;
            Confirmation.Require(context, parse.GetValue(yes), $"Revoking node {node} (its id cannot be registered again)", node);
            var answer = await context.SendSignedInAsync(HttpMethod.Post, $"{NodePath(parse, id)}/revoke", cancellationToken);
            return FederationViews.NodeChanged(context.Output, answer, "Revoked");
        });
        return command;
    }

    /// <summary>
    /// The key file's text, sent as it is for the API to judge. A private key is stopped here: it must
    /// never leave the hospital, so it is not sent even to be refused.
    /// </summary>
    private static string PublicKey(FileInfo file)
    {
        if (!file.Exists)
        {
            throw new CliException(ExitCodes.Usage, $"--public-key-file: {file.FullName} does not exist");
        }

        var text = File.ReadAllText(file.FullName);
        if (text.Contains("PRIVATE KEY", StringComparison.Ordinal))
        {
            throw new CliException(ExitCodes.Usage,
                $"--public-key-file: {file.FullName} holds a private key, which must stay at the node; give its public key (openssl ec -in node.pem -pubout -out node.pub.pem)");
        }

        return text;
    }

    private static (Option, Action<ParseResult, JsonObject>) Text(string name, string field, string description)
    {
        var option = new Option<string?>(name) { Description = description };
        return (option, (parse, body) =>
        {
            if (parse.GetValue(option) is { } value)
            {
                body[field] = value;
            }
        });
    }

    private static (Option, Action<ParseResult, JsonObject>) Number(string name, string field, string description)
    {
        var option = new Option<int>(name) { Description = description, HelpName = "n" };
        return (option, (parse, body) =>
        {
            if (parse.GetResult(option) is { Implicit: false })
            {
                body[field] = parse.GetValue(option);
            }
        });
    }

    private static (Option, Action<ParseResult, JsonObject>) Datasets()
    {
        var option = DatasetIds("Only this federated dataset, by id (repeat for more); by default every federated dataset that matches.");
        return (option, (parse, body) =>
        {
            if (parse.GetValue(option) is { Length: > 0 } ids)
            {
                body["datasets"] = new JsonArray([.. ids.Select(d => (JsonNode?)JsonValue.Create(d))]);
            }
        });
    }

    /// <summary>
    /// Dataset ids, checked while parsing: System.CommandLine reports a bad single Guid as a usage error
    /// but converts an array only when it is read, where a bad item would end the tool with an exception.
    /// </summary>
    internal static Option<Guid[]> DatasetIds(string description)
    {
        var option = new Option<Guid[]>("--dataset")
        {
            Description = description,
            Arity = ArgumentArity.OneOrMore,
            AllowMultipleArgumentsPerToken = false,
        };
        option.Validators.Add(result =>
        {
            foreach (var token in result.Tokens.Where(t => !Guid.TryParse(t.Value, out _)))
            {
                result.AddError($"--dataset: '{token.Value}' is not a dataset id (a GUID, as `eucaim search --json` gives it).");
            }
        });
        return option;
    }

    private static Argument<string> NodeId() => new("id") { Description = "The node's id, e.g. sas-sevilla." };

    private static string NodePath(ParseResult parse, Argument<string> id) => $"api/federation/nodes/{SignedInRequests.Segment(parse.GetValue(id)!)}";
}
