using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Nodes;
using Eucaim.Cli.Api;
using Eucaim.Cli.Exports;
using Eucaim.Cli.Platform;
using Spectre.Console;

namespace Eucaim.Cli.Commands;

/// <summary>
/// <c>eucaim exports request|list|show|download</c>: the airlock (docs/jobs.md#exports-the-airlock).
/// Output files leave a tenant only through a request a reviewer approves; the tool asks, shows the
/// screening's findings, and downloads approved files verified.
/// </summary>
internal static class ExportsCommand
{
    /// <summary>Approved files are copied out of the bubble by the Workers within seconds; until then the links are refused (409).</summary>
    private static readonly TimeSpan PublishPoll = TimeSpan.FromSeconds(2);

    public static Command Create(CommandFactory factory)
    {
        var command = factory.Create("exports",
            "Take output files of a job out of the tenant: ask (the files are screened), see the decision, download approved files.",
            "eucaim exports request --job 5f0c… --file summary.json --justification \"Counts per modality for the report.\"",
            "eucaim exports list --status pending",
            "eucaim exports download 3c9a… --to results/");
        command.Subcommands.Add(Request(factory));
        command.Subcommands.Add(List(factory));
        command.Subcommands.Add(Show(factory));
        command.Subcommands.Add(Download(factory));
        return command;
    }

    private static Command Request(CommandFactory factory)
    {
        var job = new Option<Guid>("--job") { Description = "The ended job whose outputs to take out.", Required = true };
        var files = new Option<string[]>("--file")
        {
            Description = "An output's path, as `eucaim outputs list` prints it; repeat for several (1 to 100).",
            Required = true,
            Arity = ArgumentArity.OneOrMore,
            AllowMultipleArgumentsPerToken = false,
        };
        var justification = new Option<string>("--justification") { Description = "Why these files must leave (at least 20 characters), for the reviewer.", Required = true };
        var command = factory.Create("request", "Ask for output files of an ended job to leave the tenant; they are screened at once and a reviewer decides.",
            "eucaim exports request --job 5f0c… --file summary.json --justification \"Counts per modality for the project report.\"",
            "eucaim exports request --job 5f0c… --file model.pt --file metrics.csv --justification \"Trained weights and metrics for the paper.\" --json | jq .findings");
        command.Options.Add(job);
        command.Options.Add(files);
        command.Options.Add(justification);
        factory.Run(command, async (context, parse, cancellationToken) =>
        {
            var body = new JsonObject
            {
                ["jobId"] = parse.GetValue(job).ToString(),
                ["files"] = new JsonArray([.. (parse.GetValue(files) ?? []).Select(f => (JsonNode?)JsonValue.Create(f))]),
                ["justification"] = parse.GetValue(justification),
            };
            var token = await context.Session.AccessTokenAsync(cancellationToken);
            var answer = await context.Api.SendAsync(HttpMethod.Post, "api/exports", token, cancellationToken, JsonBody.Of(body));
            var export = answer.Json ?? throw new CliException(ExitCodes.Failure, "POST api/exports: the platform answered with an empty body");
            if (context.Output.Json)
            {
                context.Output.WriteJson(export);
                return ExitCodes.Ok;
            }

            context.Output.Line($"Requested export {export.String("id")} of {export.Items("files").Count()} file(s): {export.String("status")}, waiting for a reviewer.");
            Findings(context.Output, export);
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command List(CommandFactory factory)
    {
        var status = new Option<string?>("--status") { Description = "Only requests in this status: pending, approved, available, rejected." };
        var command = factory.Create("list", "Export requests of your tenants, and those you may review.",
            "eucaim exports list",
            "eucaim exports list --status available --json | jq -r '.[].id'");
        command.Options.Add(status);
        factory.Run(command, async (context, parse, cancellationToken) =>
        {
            var token = await context.Session.AccessTokenAsync(cancellationToken);
            var exports = await context.Api.GetJsonAsync(Query.Of("api/exports", ("status", parse.GetValue(status))), token, cancellationToken);
            if (context.Output.Json)
            {
                context.Output.WriteJson(exports);
                return ExitCodes.Ok;
            }

            var table = context.Output.Table("status", "tenant", "files", "findings", "requested", "job", "id");
            foreach (var export in exports.Items())
            {
                Output.AddRow(table, export.String("status"), export.String("tenant"), export.List("files"), FindingsSummary(export),
                    $"{JsonFields.When(export.Time("requestedAt"))} by {export.String("requestedBy")}", export.String("jobId"), export.String("id"));
            }

            context.Output.Console.Write(table);
            context.Output.Line($"{exports.GetArrayLength()} export request(s).");
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Show(CommandFactory factory)
    {
        var id = ExportId();
        var command = factory.Create("show", "An export request: files, justification, the screening's findings, the decision.",
            "eucaim exports show 3c9a…",
            "eucaim exports show 3c9a… --json | jq .findings");
        command.Arguments.Add(id);
        factory.Run(command, async (context, parse, cancellationToken) =>
        {
            var token = await context.Session.AccessTokenAsync(cancellationToken);
            var export = await context.Api.GetJsonAsync($"api/exports/{parse.GetValue(id)}", token, cancellationToken);
            if (context.Output.Json)
            {
                context.Output.WriteJson(export);
                return ExitCodes.Ok;
            }

            var table = context.Output.Table("", "");
            table.HideHeaders();
            Output.AddRow(table, "id", export.String("id"));
            Output.AddRow(table, "status", export.String("status"));
            Output.AddRow(table, "job", export.String("jobId"));
            Output.AddRow(table, "tenant", export.String("tenant"));
            Output.AddRow(table, "files", export.List("files"));
            Output.AddRow(table, "justification", export.String("justification"));
            Output.AddRow(table, "requested", $"{JsonFields.When(export.Time("requestedAt"))} by {export.String("requestedBy")}");
            Output.AddRow(table, "decided", export.String("decidedBy") is { } by ? $"{JsonFields.When(export.Time("decidedAt"))} by {by}: {export.String("decisionNote")}" : "");
            Output.AddRow(table, "override", export.String("overrideJustification"));
            Output.AddRow(table, "available", JsonFields.When(export.Time("publishedAt")));
            context.Output.Console.Write(table);
            Findings(context.Output, export);
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Download(CommandFactory factory)
    {
        var id = ExportId();
        var to = new Option<DirectoryInfo>("--to") { Description = "The folder to write the files into (created if missing; default: the current folder).", DefaultValueFactory = _ => new DirectoryInfo(".") };
        var overwrite = new Option<bool>("--overwrite") { Description = "Replace files that already exist there." };
        var command = factory.Create("download", """
            Download the approved files of an export into a folder, each verified (SHA-256 where the platform gives one, the storage's MD5, the length).
            An approved export is waited for until its files are copied out; a pending or rejected one is refused.
            """,
            "eucaim exports download 3c9a…",
            "eucaim exports download 3c9a… --to results/ --overwrite",
            "eucaim exports download 3c9a… --json | jq -r '.[] | \"\\(.sha256)  \\(.file)\"' | sha256sum -c");
        command.Arguments.Add(id);
        command.Options.Add(to);
        command.Options.Add(overwrite);
        factory.Run(command, async (context, parse, cancellationToken) =>
        {
            var export = parse.GetValue(id);
            await WaitUntilAvailableAsync(context, export, cancellationToken);
            var files = await new ExportDownload(context, export, parse.GetValue(to)!, parse.GetValue(overwrite)).RunAsync(cancellationToken);
            if (context.Output.Json)
            {
                context.Output.WriteJson(files);
                return ExitCodes.Ok;
            }

            var table = context.Output.Table("path", "size", "sha256", "checked", "written to");
            foreach (var file in files)
            {
                Output.AddRow(table, file.Path, OutputViews.Bytes(file.Size), file.Sha256, file.Verified, file.File);
            }

            context.Output.Console.Write(table);
            context.Output.Line($"Downloaded {files.Count} file(s), {OutputViews.Bytes(files.Sum(f => f.Size))}.");
            return ExitCodes.Ok;
        });
        return command;
    }

    /// <summary>Pending and Rejected are refused at once (only a person can change them); Approved becomes Available within seconds.</summary>
    private static async Task WaitUntilAvailableAsync(CliContext context, Guid id, CancellationToken cancellationToken)
    {
        var said = false;
        while (true)
        {
            var token = await context.Session.AccessTokenAsync(cancellationToken);
            var export = await context.Api.GetJsonAsync($"api/exports/{id}", token, cancellationToken);
            switch (export.String("status"))
            {
                case "Available":
                    return;
                case "Approved":
                    if (!said)
                    {
                        await context.Host.Error.WriteLineAsync($"Export {id} is approved; waiting for its files to be copied out of the tenant…");
                        said = true;
                    }

                    await Task.Delay(PublishPoll, context.Host.Time, cancellationToken);
                    break;
                case "Pending":
                    throw new CliException(ExitCodes.Refused, $"export {id} is waiting for a reviewer's decision; nothing to download yet");
                case var status:
                    throw new CliException(ExitCodes.Refused, $"export {id} is {status}{(export.String("decisionNote") is { } note ? $" ({note})" : "")}; nothing to download");
            }
        }
    }

    private static void Findings(Output output, JsonElement export)
    {
        var findings = export.Items("findings").ToList();
        if (findings.Count == 0)
        {
            output.Line("The screening found nothing.");
            return;
        }

        var table = output.Table("file", "severity", "code", "line", "count", "finding");
        foreach (var finding in findings)
        {
            Output.AddRow(table, finding.String("file"), finding.String("severity"), finding.String("code"), JsonFields.Number(finding.Long("line")),
                JsonFields.Number(finding.Long("count")), finding.String("message"));
        }

        output.Console.Write(table);
        output.Line(export.Bool("hasBlockingFindings")
            ? "Blocking findings: a reviewer can approve only with an override justification."
            : "Warnings only: they do not hold up a decision.");
    }

    private static string FindingsSummary(JsonElement export)
    {
        var findings = export.Items("findings").ToList();
        var blocking = findings.Count(f => f.String("severity") == "blocking");
        return findings.Count == 0 ? "none" : $"{blocking} blocking, {findings.Count - blocking} warning(s)";
    }

    private static Argument<Guid> ExportId() => new("id") { Description = "The export request's id." };
}
