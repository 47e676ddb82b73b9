using System.Diagnostics;
using System.Text;

namespace Eucaim.Deploy.Tests.Images;

/// <summary>The exit code and the interleaved stdout and stderr of a command the tests ran.</summary>
internal sealed record ToolRun(string Command, int ExitCode, string Output)
{
    public bool Succeeded => ExitCode == 0;

    /// <summary>What an assertion message shows: the command, its exit code, and the end of its output.</summary>
    public override string ToString() =>
        $"`{Command}` exited with {ExitCode}:\n{(Output.Length > 6000 ? "…" + Output[^6000..] : Output)}";
}

/// <summary>Runs the command-line tools the image and model tests need (dotnet, kubectl).</summary>
internal static class Tool
{
    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    public static string RepositoryPath(params string[] parts) => Path.Combine([RepositoryRoot, .. parts]);

    /// <summary>Runs <paramref name="file"/> to completion, killing it (and its children) after <paramref name="timeout"/>.</summary>
    public static async Task<ToolRun> RunAsync(
        string file, IEnumerable<string> arguments, TimeSpan timeout, IReadOnlyDictionary<string, string>? environment = null)
    {
        var start = Start(file, arguments, environment);
        var command = $"{file} {string.Join(' ', start.ArgumentList)}";
        using var process = new Process { StartInfo = start };
        var output = new StringBuilder();
        process.OutputDataReceived += (_, e) => Append(output, e.Data);
        process.ErrorDataReceived += (_, e) => Append(output, e.Data);
        try
        {
            process.Start();
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            return new ToolRun(command, -1, $"{file} could not be started: {ex.Message}");
        }

        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var deadline = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            return new ToolRun(command, -1, $"{Read(output)}\n(killed after {timeout.TotalSeconds:0} s)");
        }

        // The asynchronous readers may still hold the last lines; WaitForExit() without a timeout drains them.
        process.WaitForExit();
        return new ToolRun(command, process.ExitCode, Read(output));
    }

    /// <summary>
    /// A start description that does not leak the test host's MSBuild state into a nested dotnet
    /// command (the test runs inside `dotnet test`, whose variables point at its own build).
    /// </summary>
    public static ProcessStartInfo Start(string file, IEnumerable<string> arguments, IReadOnlyDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = RepositoryRoot,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var name in start.Environment.Keys.Where(k => k.StartsWith("MSBUILD", StringComparison.OrdinalIgnoreCase)).ToList())
        {
            start.Environment.Remove(name);
        }

        start.Environment["DOTNET_NOLOGO"] = "1";
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        return start;
    }

    private static void Append(StringBuilder output, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (output)
        {
            output.AppendLine(line);
        }
    }

    private static string Read(StringBuilder output)
    {
        lock (output)
        {
            return output.ToString();
        }
    }

    private static string FindRepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Eucaim.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"No Eucaim.sln above {AppContext.BaseDirectory}.");
    }
}
