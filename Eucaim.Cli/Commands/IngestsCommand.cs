using System.CommandLine;
using Eucaim.Cli.Platform;
using Eucaim.Cli.Upload;

namespace Eucaim.Cli.Commands;

/// <summary><c>eucaim ingests show</c>: where an ingest stands, or (<c>--follow</c>) its progress until the report.</summary>
internal static class IngestsCommand
{
    public static Command Create(CommandFactory factory)
    {
        var command = factory.Create("ingests", "Follow the ingests of your uploads (data holders).", "eucaim ingests show 5d1e… --follow");
        var id = new Argument<Guid>("id") { Description = "The ingest's id (printed by eucaim upload)." };
        var follow = new Option<bool>("--follow", "-f") { Description = "Wait for the report, showing files done." };
        var show = factory.Create("show", "An ingest's state, progress and, once done, its report.", "eucaim ingests show 5d1e…", "eucaim ingests show 5d1e… --follow --json | jq .report.files");
        show.Arguments.Add(id);
        show.Options.Add(follow);
        factory.Run(show, async (context, parse, cancellationToken) =>
        {
            var ingest = parse.GetValue(follow)
                ? await IngestFollower.FollowAsync(context, parse.GetValue(id), 0, cancellationToken)
                : await context.Api.GetJsonAsync($"api/ingests/{parse.GetValue(id)}", await context.Session.AccessTokenAsync(cancellationToken), cancellationToken);
            if (context.Output.Json)
            {
                context.Output.WriteJson(ingest);
            }

            var state = ingest.GetProperty("state").GetString();
            if (state is "completed" or "failed")
            {
                return IngestFollower.Print(context, ingest);
            }

            var progress = ingest.GetProperty("progress");
            if (!context.Output.Json)
            {
                context.Output.Line($"Ingest {parse.GetValue(id)}: {state}, {progress.GetProperty("filesDone").GetInt32()} of {progress.GetProperty("filesTotal")} files done.");
            }

            return ExitCodes.Ok;
        });
        command.Subcommands.Add(show);
        return command;
    }
}
