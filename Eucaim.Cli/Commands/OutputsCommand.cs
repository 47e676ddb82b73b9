using System.CommandLine;
using Eucaim.Cli.Platform;

namespace Eucaim.Cli.Commands;

/// <summary><c>eucaim outputs list &lt;job&gt;</c>: the files a job left under its tenant's prefix (<c>GET /api/jobs/{id}/outputs</c>).</summary>
internal static class OutputsCommand
{
    public static Command Create(CommandFactory factory)
    {
        var command = factory.Create("outputs",
            "The files your jobs wrote; they stay in the tenant until an export is approved (eucaim exports).",
            "eucaim outputs list 5f0c…");
        command.Subcommands.Add(List(factory));
        return command;
    }

    private static Command List(CommandFactory factory)
    {
        var job = new Argument<Guid>("job") { Description = "The job's id." };
        var command = factory.Create("list", "List the output files of a job: path, size, when stored.",
            "eucaim outputs list 5f0c…",
            "eucaim outputs list 5f0c… --json | jq -r '.[].path'");
        command.Arguments.Add(job);
        factory.Run(command, async (context, parse, cancellationToken) =>
        {
            var token = await context.Session.AccessTokenAsync(cancellationToken);
            var files = await context.Api.GetJsonAsync($"api/jobs/{parse.GetValue(job)}/outputs", token, cancellationToken);
            if (context.Output.Json)
            {
                context.Output.WriteJson(files);
                return ExitCodes.Ok;
            }

            var table = context.Output.Table("path", "size", "stored");
            long total = 0;
            foreach (var file in files.Items())
            {
                var size = file.Long("size") ?? 0;
                total += size;
                Output.AddRow(table, file.String("path"), OutputViews.Bytes(size), JsonFields.When(file.Time("storedAt")));
            }

            context.Output.Console.Write(table);
            context.Output.Line($"{files.GetArrayLength()} file(s), {OutputViews.Bytes(total)}. To take some out: eucaim exports request --job {parse.GetValue(job)} --file <path> --justification \"…\"");
            return ExitCodes.Ok;
        });
        return command;
    }
}
