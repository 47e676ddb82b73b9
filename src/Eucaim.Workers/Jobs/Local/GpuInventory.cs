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

        try
        {
            using var smi = Process.Start(new ProcessStartInfo("nvidia-smi", ["--query-gpu=index", "--format=csv,noheader"])
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
            return smi.ExitCode != 0 ? [] : [.. output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Select(l => int.TryParse(l, CultureInfo.InvariantCulture, out var i) ? i : -1).Where(i => i >= 0)];
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return [];
        }
    }
}
