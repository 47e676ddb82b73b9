using System.CommandLine;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Eucaim.Cli.Platform;

namespace Eucaim.Cli.Commands;

/// <summary>
/// <c>eucaim datasets create|edit|publish|withdraw</c>: the data holders' catalogue API
/// (docs/catalogue.md#registering-and-publishing-data-holders). Every write is guarded by the
/// dataset's ETag: given with <c>--if-match</c>, or read just before the write.
/// </summary>
internal static class DatasetsCommand
{
    public static Command Create(CommandFactory factory)
    {
        var command = factory.Create("datasets",
            "Register, edit, publish and withdraw your organization's datasets (data holders).",
            "eucaim datasets create --file metadata.json",
            "eucaim datasets edit 0b7c…  --file metadata.json",
            "eucaim datasets publish 0b7c…",
            "eucaim datasets withdraw 0b7c… --reason \"Consent withdrawn for part of the cohort\"");
        command.Subcommands.Add(CreateDataset(factory));
        command.Subcommands.Add(Edit(factory));
        command.Subcommands.Add(Publish(factory));
        command.Subcommands.Add(Withdraw(factory));
        return command;
    }

    private static Command CreateDataset(CommandFactory factory)
    {
        var file = MetadataFile();
        var command = factory.Create("create", "Register a dataset: a draft, version 1, from a JSON file of its metadata (docs/catalogue.md).",
            "eucaim datasets create --file metadata.json",
            "id=$(eucaim datasets create --file metadata.json --json | jq -r .id)");
        command.Options.Add(file);
        factory.Run(command, async (context, parse, cancellationToken) =>
        {
            var token = await context.Session.AccessTokenAsync(cancellationToken);
            var answer = await context.Api.SendAsync(HttpMethod.Post, "api/datasets", token, cancellationToken, Metadata(parse.GetValue(file)!));
            return Print(context, answer, "Registered");
        });
        return command;
    }

    private static Command Edit(CommandFactory factory)
    {
        var id = DatasetId();
        var file = MetadataFile();
        var ifMatch = IfMatch();
        var command = factory.Create("edit", "Replace the draft's metadata with a JSON file (editing a published dataset starts its next version).",
            "eucaim datasets edit 0b7c… --file metadata.json",
            "eucaim datasets edit 0b7c… --file metadata.json --if-match '\"1234\"'");
        command.Arguments.Add(id);
        command.Options.Add(file);
        command.Options.Add(ifMatch);
        factory.Run(command, async (context, parse, cancellationToken) =>
        {
            var token = await context.Session.AccessTokenAsync(cancellationToken);
            var dataset = parse.GetValue(id);
            var answer = await SendGuardedAsync(context, HttpMethod.Put, dataset, "draft", parse.GetValue(ifMatch), token, cancellationToken,
                Metadata(parse.GetValue(file)!));
            return Print(context, answer, "Edited the draft of");
        });
        return command;
    }

    private static Command Publish(CommandFactory factory)
    {
        var id = DatasetId();
        var ifMatch = IfMatch();
        var command = factory.Create("publish", "Publish the draft: it becomes the next immutable version and is listed at once.",
            "eucaim datasets publish 0b7c…");
        command.Arguments.Add(id);
        command.Options.Add(ifMatch);
        factory.Run(command, async (context, parse, cancellationToken) =>
        {
            var token = await context.Session.AccessTokenAsync(cancellationToken);
            var dataset = parse.GetValue(id);
            var answer = await SendGuardedAsync(context, HttpMethod.Post, dataset, "publish", parse.GetValue(ifMatch), token, cancellationToken);
            return Print(context, answer, "Published");
        });
        return command;
    }

    private static Command Withdraw(CommandFactory factory)
    {
        var id = DatasetId();
        var reason = new Option<string>("--reason") { Description = "Why it is withdrawn (kept in the audit trail and shown to readers).", Required = true };
        var ifMatch = IfMatch();
        var command = factory.Create("withdraw", "Withdraw (invalidate) a published dataset: it leaves the listing; a used dataset is never deleted.",
            "eucaim datasets withdraw 0b7c… --reason \"Consent withdrawn for part of the cohort\"");
        command.Arguments.Add(id);
        command.Options.Add(reason);
        command.Options.Add(ifMatch);
        factory.Run(command, async (context, parse, cancellationToken) =>
        {
            var token = await context.Session.AccessTokenAsync(cancellationToken);
            var dataset = parse.GetValue(id);
            var etag = parse.GetValue(ifMatch);
            var body = new StringContent(JsonSerializer.Serialize(new { reason = parse.GetValue(reason) }), Encoding.UTF8, "application/json");
            var answer = await context.Api.SendAsync(HttpMethod.Post, $"api/datasets/{dataset}/invalidate", token, cancellationToken, body,
                headers => { if (etag is not null) headers.IfMatch.Add(EntityTagHeaderValue.Parse(etag)); });
            return Print(context, answer, "Withdrew");
        });
        return command;
    }

    private static Argument<Guid> DatasetId() => new("id") { Description = "The dataset's id." };

    private static Option<FileInfo> MetadataFile() => new("--file", "-f")
    {
        Description = "A JSON file with the dataset's whole metadata (fields in docs/catalogue.md).",
        Required = true,
    };

    private static Option<string?> IfMatch() => new("--if-match")
    {
        Description = "Write only if the dataset is still at this ETag (as printed by the previous command); by default, its current one.",
    };

    private static StringContent Metadata(FileInfo file)
    {
        if (!file.Exists)
        {
            throw new CliException(ExitCodes.Usage, $"--file: {file.FullName} does not exist");
        }

        var text = File.ReadAllText(file.FullName);
        try
        {
            using var _ = JsonDocument.Parse(text);
        }
        catch (JsonException e)
        {
            throw new CliException(ExitCodes.Usage, $"--file: {file.FullName} is not JSON ({e.Message})");
        }

        return new StringContent(text, Encoding.UTF8, "application/json");
    }

    /// <summary>A write to <c>api/datasets/{dataset}/{action}</c> guarded by the ETag given, else by the dataset's current one.</summary>
    private static async Task<Api.ApiAnswer> SendGuardedAsync(
        CliContext context, HttpMethod method, Guid dataset, string action, string? etag, string token, CancellationToken cancellationToken, HttpContent? body = null)
    {
        var guard = etag ?? await CurrentETagAsync(context, dataset, token, cancellationToken);
        return await context.Api.SendAsync(method, $"api/datasets/{dataset}/{action}", token, cancellationToken, body,
            headers => headers.IfMatch.Add(EntityTagHeaderValue.Parse(guard)));
    }

    private static async Task<string> CurrentETagAsync(CliContext context, Guid dataset, string token, CancellationToken cancellationToken) =>
        (await context.Api.SendAsync(HttpMethod.Get, $"api/datasets/{dataset}", token, cancellationToken)).ETag
            ?? throw new CliException(ExitCodes.Failure, $"the platform gave no ETag for dataset {dataset}");

    /// <summary>People get a line with the id and the new ETag; scripts the API's document with <c>etag</c> added.</summary>
    private static int Print(CliContext context, Api.ApiAnswer answer, string verb)
    {
        var body = answer.Json is { ValueKind: JsonValueKind.Object } json ? JsonNode.Parse(json.GetRawText())!.AsObject() : [];
        if (answer.ETag is not null)
        {
            body["etag"] = answer.ETag;
        }

        if (context.Output.Json)
        {
            context.Output.WriteJson(body);
            return ExitCodes.Ok;
        }

        var id = (body["id"] ?? body["datasetId"])?.ToString() ?? answer.Location?.ToString() ?? "the dataset";
        var name = body["metadata"]?["name"]?.ToString();
        var state = (body["state"] ?? body["status"])?.ToString();
        var version = (body["number"] ?? body["version"] ?? body["draftVersion"])?.ToString();
        context.Output.Line($"{verb} {id}{(name is null ? "" : $" \"{name}\"")}"
            + $"{(state is null ? "" : $": {state}")}{(version is null ? "" : $", version {version}")}"
            + $"{(answer.ETag is null ? "" : $"; ETag {answer.ETag}")}.");
        return ExitCodes.Ok;
    }
}
