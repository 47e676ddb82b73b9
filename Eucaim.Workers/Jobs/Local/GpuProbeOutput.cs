using System.Globalization;
using System.Text.RegularExpressions;

namespace Eucaim.Workers.Jobs.Local;

/// <summary>
/// What a gpu-check probe job printed: its <c>cuda_device_count=N</c>, the <c>uuid=GPU-…</c> of each device
/// it saw, and every <c>…_ok=true|false</c> check it reported (the sample's <c>kernel_ok</c>, PyTorch's <c>matmul_ok</c>).
/// </summary>
internal sealed partial record GpuProbeOutput(int? DeviceCount, IReadOnlyList<string> Uuids, IReadOnlyDictionary<string, bool> Checks)
{
    public static GpuProbeOutput Parse(string log)
    {
        int? count = null;
        var uuids = new List<string>();
        var checks = new Dictionary<string, bool>(StringComparer.Ordinal);
        foreach (var line in log.Split('\n').Select(l => l.Trim()))
        {
            if (line.StartsWith("cuda_device_count=", StringComparison.Ordinal)
                && int.TryParse(line["cuda_device_count=".Length..], NumberStyles.None, CultureInfo.InvariantCulture, out var n))
            {
                count ??= n;
            }
            else if (line.StartsWith("uuid=", StringComparison.Ordinal))
            {
                uuids.Add(line["uuid=".Length..].Split(' ', 2)[0]);
            }
            else if (CheckLine().Match(line) is { Success: true } check)
            {
                // A check reported twice (one per device) passes only if it passed each time.
                var passed = string.Equals(check.Groups[2].Value, "true", StringComparison.OrdinalIgnoreCase);
                checks[check.Groups[1].Value] = checks.GetValueOrDefault(check.Groups[1].Value, true) && passed;
            }
        }

        return new GpuProbeOutput(count, uuids, checks);
    }

    /// <summary>
    /// Why this is not what a job given the GPU <paramref name="expectedUuid"/> (null: a CPU job, which must see
    /// none) should have printed; null when it is. <paramref name="requiresWork"/>: a GPU job must also report a
    /// computation, so that a probe that only lists devices cannot pass for one that used the GPU.
    /// </summary>
    public string? Problem(string? expectedUuid, bool requiresWork)
    {
        if (DeviceCount is not { } count)
        {
            return "printed no cuda_device_count line: the probe did not run";
        }

        if (expectedUuid is null)
        {
            return count == 0 && Uuids.Count == 0 ? null : $"a CPU-only job saw {count} device(s) [{string.Join(',', Uuids)}]";
        }

        if (count != 1 || Uuids.Count != 1)
        {
            return $"saw {count} device(s) [{string.Join(',', Uuids)}] instead of exactly its own";
        }

        if (!string.Equals(Uuids[0], expectedUuid, StringComparison.OrdinalIgnoreCase))
        {
            return $"saw {Uuids[0]} instead of its own {expectedUuid}";
        }

        if (Checks.FirstOrDefault(c => !c.Value).Key is { } failed)
        {
            return $"its computation failed ({failed}=false)";
        }

        return requiresWork && Checks.Count == 0 ? "reported no computation on its GPU (no kernel_ok= or matmul_ok= line)" : null;
    }

    [GeneratedRegex(@"^([a-z_]+_ok)=(\S+)", RegexOptions.CultureInvariant)]
    private static partial Regex CheckLine();
}
