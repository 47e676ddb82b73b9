using System.Diagnostics;

namespace Eucaim.Workers.Jobs.Local;

/// <summary>
/// Local jobs run in a session of their own (<c>setsid</c>), so the whole tree shares one process
/// group: killing the group kills everything the job started. A job is recognised by its process
/// id and its working directory, so a recycled process id is never mistaken for the job.
/// </summary>
internal static class LocalProcessTree
{
    public static bool IsAlive(int pid, string workingDirectory)
    {
        try
        {
            var cwd = new DirectoryInfo($"/proc/{pid}/cwd").LinkTarget;
            return cwd is not null && Path.TrimEndingDirectorySeparator(cwd) == Path.TrimEndingDirectorySeparator(workingDirectory);
        }
        catch (IOException)
        {
            return false;
        }
        catch (UnauthorizedAccessException)
        {
            return false;
        }
    }

    /// <summary>SIGKILL to the process group; waits until the group leader is gone (a few seconds at most).</summary>
    public static async Task KillGroupAsync(int pid, string workingDirectory, CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < 50 && IsAlive(pid, workingDirectory); attempt++)
        {
            using (var kill = Process.Start(new ProcessStartInfo("kill", ["-KILL", "--", $"-{pid}"]) { RedirectStandardError = true, UseShellExecute = false }))
            {
                if (kill is not null)
                {
                    await kill.WaitForExitAsync(cancellationToken);
                }
            }

            await Task.Delay(TimeSpan.FromMilliseconds(100), cancellationToken);
        }
    }
}
