using System.Globalization;
using System.Text.Json;
using Eucaim.Cli.Platform;

namespace Eucaim.Cli.Jobs;

/// <summary>
/// Reads a job until it has ended and the platform has stored its log and outputs (so that
/// <c>jobs logs</c>, <c>outputs list</c> and <c>exports request</c> work right after), saying each change of status.
/// </summary>
internal static class JobWaiter
{
    /// <summary>How often the job is read: the platform's own dispatcher polls every 2 s.</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(2);

    public static async Task<JsonElement> WaitAsync(CliContext context, Guid id, TextWriter progress, CancellationToken cancellationToken)
    {
        string? said = null;
        while (true)
        {
            var token = await context.Session.AccessTokenAsync(cancellationToken);
            var job = await context.Api.GetJsonAsync($"api/jobs/{id}", token, cancellationToken);
            var status = JobTables.Status(job);
            if (status != said)
            {
                await progress.WriteLineAsync($"{context.Host.Time.GetLocalNow().ToString("HH:mm:ss", CultureInfo.InvariantCulture)} job {id}: {status}");
                said = status;
            }

            if (JobExit.IsFinal(job.String("status")) && job.Bool("logsArchived"))
            {
                return job;
            }

            await Task.Delay(Interval, context.Host.Time, cancellationToken);
        }
    }
}
