using System.Diagnostics;
using System.Globalization;

namespace Eucaim.Workers.Jobs.Local;

/// <summary>The NVIDIA GPUs of this machine, by index, as <c>nvidia-smi</c> lists them (none when it is missing).</summary>
internal static class GpuInventory
{
    public static IReadOnlyList<int> Detect(string? configured)
    {
        if (string.Equals(configured, "none", StringComparison.OrdinalIgnoreCase))
        {
            return [];
        }

        if (!string.IsNullOrWhiteSpace(configured))
        {
            return [.. configured.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(i => int.Parse(i, CultureInfo.InvariantCulture))];
        }

        return [.. Query("index").Select(l => int.TryParse(l, CultureInfo.InvariantCulture, out var i) ? i : -1).Where(i => i >= 0)];
    }

    /// <summary>
    /// The lines <c>nvidia-smi --query-gpu=&lt;fields&gt;</c> prints, one per GPU; none when nvidia-smi is
    /// missing or fails.
    /// </summary>
    public static IReadOnlyList<string> Query(string fields)
    {
        try
        {
            using var smi = Process.Start(new ProcessStartInfo("nvidia-smi", [$"--query-gpu={fields}", "--format=csv,noheader"])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            });
            if (smi is null)
            {
                return [];
            }

            var output = smi.StandardOutput.ReadToEnd();
            smi.WaitForExit(10_000);
            return smi.ExitCode != 0 ? [] : output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return [];
        }
    }
}
