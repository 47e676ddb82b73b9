using System.Text.Json;
using Eucaim.Cli.Platform;

namespace Eucaim.Cli.Upload;

/// <summary>Follows an ingest until its report is final, showing files done out of the total.</summary>
internal static class IngestFollower
{
    private static readonly TimeSpan Poll = TimeSpan.FromSeconds(1);

    public static async Task<JsonElement> FollowAsync(CliContext context, Guid ingest, long expectedFiles, CancellationToken cancellationToken)
    {
        JsonElement latest = default;
        long done = 0;
        var total = expectedFiles;
        var work = Task.Run(async () =>
        {
            while (true)
            {
                var token = await context.Session.AccessTokenAsync(cancellationToken);
                latest = await context.Api.GetJsonAsync($"api/ingests/{ingest}", token, cancellationToken);
                if (latest.TryGetProperty("progress", out var progress))
                {
                    if (progress.TryGetProperty("filesTotal", out var files) && files.ValueKind == JsonValueKind.Number)
                    {
                        Interlocked.Exchange(ref total, files.GetInt64());
                    }

                    Interlocked.Exchange(ref done, progress.GetProperty("filesDone").GetInt64());
                }

                if (latest.GetProperty("state").GetString() is "completed" or "failed")
                {
                    return;
                }

                await Task.Delay(Poll, cancellationToken);
            }
        }, cancellationToken);
        await new ProgressDisplay(context).RunAsync("ingested", () => Interlocked.Read(ref total), () => Interlocked.Read(ref done), work, bytes: false);
        return latest;
    }

    /// <summary>The report for people; returns the exit code: 0 all stored (or already there), 5 files rejected, 1 the ingest failed.</summary>
    public static int Print(CliContext context, JsonElement ingest)
    {
        var id = ingest.GetProperty("id").GetString();
        if (ingest.GetProperty("state").GetString() == "failed")
        {
            var reason = ingest.TryGetProperty("failureReason", out var r) ? r.GetString() : null;
            context.Host.Error.WriteLine($"eucaim: ingest {id} failed: {reason ?? "no reason given"}");
            return ExitCodes.Failure;
        }

        var files = ingest.GetProperty("report").GetProperty("files");
        var rejected = files.GetProperty("rejected").GetInt32();
        if (!context.Output.Json)
        {
            context.Output.Line($"Ingest {id} completed: {files.GetProperty("total").GetInt32()} files, {files.GetProperty("stored").GetInt32()} stored, "
                + $"{files.GetProperty("duplicates").GetInt32()} already there, {rejected} rejected.");
            foreach (var file in ingest.GetProperty("report").GetProperty("rejectedFiles").EnumerateArray().Take(20))
            {
                var first = file.GetProperty("findings").EnumerateArray().FirstOrDefault();
                context.Output.Line($"  rejected {file.GetProperty("name").GetString()}: {(first.ValueKind == JsonValueKind.Object ? first.GetProperty("message").GetString() : "")}");
            }
        }

        return rejected == 0 ? ExitCodes.Ok : ExitCodes.DataRefused;
    }
}
