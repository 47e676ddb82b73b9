using System.Globalization;

namespace Eucaim.Jobs.Benchmarks;

/// <summary>Nearest-rank percentiles of a set of durations.</summary>
internal static class Percentiles
{
    public static double Of(IReadOnlyList<double> values, double p)
    {
        var sorted = values.Order().ToArray();
        var rank = (int)Math.Ceiling(p / 100 * sorted.Length);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Length - 1)];
    }

    public static string Line(string what, IReadOnlyList<double> ms) => string.Create(CultureInfo.InvariantCulture,
        $"{what,-40} n={ms.Count,4}  p50={Of(ms, 50),7:0.0} ms  p95={Of(ms, 95),7:0.0} ms  max={ms.Max(),7:0.0} ms");
}
