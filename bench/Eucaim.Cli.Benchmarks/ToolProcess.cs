using System.Diagnostics;
using System.Globalization;

namespace Eucaim.Cli.Benchmarks;

/// <summary>A process timed from start to exit, its peak resident set (VmHWM) sampled from /proc until it exits.</summary>
internal sealed record ToolRun(int ExitCode, TimeSpan Elapsed, long PeakBytes, string Output, string Error);

internal static class ToolProcess
{
    public static async Task<ToolRun> RunAsync(string file, IEnumerable<string> arguments, IDictionary<string, string>? environment = null, bool samplePeak = false)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        var watch = Stopwatch.StartNew();
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        long peak = 0;
        if (samplePeak)
        {
            while (!process.HasExited)
            {
                peak = Math.Max(peak, HighWaterMark(process.Id));
                await Task.Delay(20);
            }
        }

        await process.WaitForExitAsync();
        watch.Stop();
        return new ToolRun(process.ExitCode, watch.Elapsed, peak, await output, await error);
    }

    private static long HighWaterMark(int pid)
    {
        try
        {
            foreach (var line in File.ReadLines($"/proc/{pid}/status"))
            {
                if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
                {
                    return long.Parse(line[6..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) * 1024;
                }
            }
        }
        catch (IOException)
        {
            // Exited between two samples.
        }

        return 0;
    }
}
