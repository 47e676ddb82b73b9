using System.Globalization;

namespace Eucaim.Catalogue.Benchmarks;

/// <summary>Latency percentiles of one query shape, nearest-rank method.</summary>
internal sealed record LatencyReport(string Query, IReadOnlyList<double> Milliseconds, double MeanResults)
{
    public double Percentile(double p)
    {
        var sorted = Milliseconds.Order().ToArray();
        var rank = (int)Math.Ceiling(p / 100 * sorted.Length);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Length - 1)];
    }

    public string Line() => string.Create(CultureInfo.InvariantCulture,
        $"{Query,-52} n={Milliseconds.Count,4}  p50={Percentile(50),6:0.0} ms  p95={Percentile(95),6:0.0} ms  p99={Percentile(99),6:0.0} ms  max={Milliseconds.Max(),6:0.0} ms  (mean total {MeanResults:0})");
}
