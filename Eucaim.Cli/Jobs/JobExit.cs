using System.Text.Json;
using Eucaim.Cli.Platform;

namespace Eucaim.Cli.Jobs;

/// <summary>
/// The exit code of <c>eucaim jobs wait</c>, from the job's final status, so that a script can chain
/// on a job as on a local command: Succeeded 0; Failed the job's own exit code when it had one (1 to
/// 255), else 1; Cancelled <see cref="ExitCodes.JobCancelled"/>; TimedOut <see cref="ExitCodes.JobTimedOut"/>.
/// </summary>
internal static class JobExit
{
    public static readonly string[] FinalStatuses = ["Succeeded", "Failed", "Cancelled", "TimedOut"];

    public static bool IsFinal(string? status) => status is not null && FinalStatuses.Contains(status);

    public static int Of(JsonElement job) => Of(job.String("status"), job.Int("exitCode"));

    public static int Of(string? status, int? exitCode) => status switch
    {
        "Succeeded" => ExitCodes.Ok,
        // A failed job never exits 0 here, even when its container did (its outputs could not be saved):
        // and a shell only sees the low byte, so codes outside 1..255 become 1.
        "Failed" => exitCode is >= 1 and <= 255 ? exitCode.Value : ExitCodes.Failure,
        "Cancelled" => ExitCodes.JobCancelled,
        "TimedOut" => ExitCodes.JobTimedOut,
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, "not a final status"),
    };
}
