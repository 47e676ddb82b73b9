using System.Diagnostics;

namespace Eucaim.Ingest.Benchmarks;

/// <summary>
/// Runs every path once per round on the same series, in an order rotated each round (so that neither side always
/// follows the other on a shared machine), measuring wall time and the CPU seconds of the processes that do the work,
/// then prints the table and the ratios against Orthanc. A warm-up pass (every path once with a smaller series, untimed)
/// comes first: the platform's code is compiled just in time, and a first request pays for compiling what it runs,
/// which a server running for days pays once; Orthanc is compiled ahead of time.
/// </summary>
internal sealed class IngestComparison(HttpClient api, OrthancServer orthanc, SeriesUnderTest series, SeriesUnderTest? warmup, BenchOptions options)
{
    public const string TusZip = "tus zip";
    public const string Stow1 = "STOW 1/request";
    public const string Stow50 = "STOW 50/request";
    private const string Orthanc = "Orthanc REST";

    // The platform's own processes; DCP (the dev orchestrator and its endpoint proxy), the dev LS Login and
    // the `dotnet run` launchers are reported apart, as they are no part of a deployment.
    private static readonly string[] PlatformGroups = ["Api", "Workers", "Azurite", "PostgreSQL"];

    private readonly List<Run> _runs = [];

    public async Task RunAsync()
    {
        string[] paths = [.. BenchOptions.PlatformPaths.Where(p => options.Paths.Contains(p.Option)).Select(p => p.Name), Orthanc];
        if (warmup is not null)
        {
            foreach (var name in paths)
            {
                await MeasureAsync(name, warmup);
            }

            Console.WriteLine($"  warm-up: every path once with {warmup.Files.Count} instances (not counted)");
        }

        for (var round = 1; round <= options.Rounds; round++)
        {
            for (var i = 0; i < paths.Length; i++)
            {
                var name = paths[(i + round - 1) % paths.Length];
                var run = await MeasureAsync(name, series);
                _runs.Add(run);
                Console.WriteLine($"  round {round} {name,-16} {run.Rate,7:F1} inst/s  {run.PlatformCpu * 1000 / series.Files.Count,6:F1} CPU-s/1000  ({run.Notes})");
            }
        }

        Print();
    }

    private async Task<Run> MeasureAsync(string name, SeriesUnderTest measured)
    {
        // Set-up outside the timing: a new dataset (the same UIDs again), or an empty Orthanc.
        var dataset = name == Orthanc ? Guid.Empty : await IngestPaths.Platform.CreateDatasetAsync(api);
        if (name == Orthanc)
        {
            await orthanc.ClearAsync();
        }

        var self = Process.GetCurrentProcess();
        var client = self.TotalProcessorTime;
        var before = Snapshot(name);
        var watch = Stopwatch.StartNew();
        var notes = name switch
        {
            TusZip => await IngestPaths.TusZipAsync(api, dataset, measured, watch),
            Stow1 => await IngestPaths.StowAsync(api, dataset, measured, 1, options.Clients, watch),
            Stow50 => await IngestPaths.StowAsync(api, dataset, measured, 50, options.Clients, watch),
            _ => await IngestPaths.OrthancAsync(orthanc, measured, options.Clients, watch),
        };
        watch.Stop();
        // The work a path leaves running once its instances are listed (the ingest's report, the sweep of the upload,
        // the storage's and database's own catch-up) is its CPU, not the next path's: counted until all is quiet.
        await QuietAsync();
        var cpu = Snapshot(name).Since(before);
        self.Refresh();
        return new Run(name, measured.Files.Count, watch.Elapsed.TotalSeconds, cpu, (self.TotalProcessorTime - client).TotalSeconds, notes);
    }

    /// <summary>Below this share of one core over <see cref="QuietWindow"/>, the platform and Orthanc are idle (the dev plumbing polls).</summary>
    private const double QuietShare = 0.15;

    private static readonly TimeSpan QuietWindow = TimeSpan.FromMilliseconds(500);

    private static readonly TimeSpan MaxQuietWait = TimeSpan.FromSeconds(30);

    /// <summary>Waits until the platform's processes and Orthanc are idle, so that every path starts on a quiet machine.</summary>
    private async Task QuietAsync()
    {
        var waited = Stopwatch.StartNew();
        var before = (CpuTimes.OfAppHost(Environment.ProcessId), CpuTimes.Of(orthanc.ProcessId, Orthanc));
        while (waited.Elapsed < MaxQuietWait)
        {
            await Task.Delay(QuietWindow);
            var now = (CpuTimes.OfAppHost(Environment.ProcessId), CpuTimes.Of(orthanc.ProcessId, Orthanc));
            var busy = now.Item1.Since(before.Item1).Values.Sum() + now.Item2.Since(before.Item2).Values.Sum();
            if (busy < QuietShare * QuietWindow.TotalSeconds)
            {
                return;
            }

            before = now;
        }
    }

    private CpuTimes Snapshot(string name) =>
        name == Orthanc ? CpuTimes.Of(orthanc.ProcessId, "Orthanc") : CpuTimes.OfAppHost(Environment.ProcessId);

    private void Print()
    {
        var mb = series.Bytes / 1_000_000.0;
        Console.WriteLine($"\nIngest of {series.Files.Count} instances ({mb:F0} MB of DICOM, {series.Zip.Length / 1_000_000.0:F0} MB zipped), {options.Rounds} round(s), " +
            $"{options.Clients} clients for STOW and Orthanc; first byte sent to every instance listed (QIDO-RS; Orthanc answers once indexed):");
        Console.WriteLine($"  {"path",-16} {"inst/s",7} {"MB/s",7} {"CPU-s/1000",10} {"ratio vs Orthanc",16}");
        var orthancRate = Summary(Orthanc).Rate;
        foreach (var name in _runs.Select(r => r.Path).Distinct())
        {
            var s = Summary(name);
            var ratio = name == Orthanc ? "" : (s.Rate / orthancRate).ToString("F3", System.Globalization.CultureInfo.InvariantCulture);
            Console.WriteLine($"  {name,-16} {s.Rate,7:F1} {s.Rate * mb / series.Files.Count,7:F1} {s.PlatformCpu * 1000 / s.Instances,10:F1} {ratio,16}".TrimEnd());
        }

        var groups = _runs.SelectMany(r => r.Cpu.Keys).Except(PlatformGroups).Except(["Orthanc"]).Distinct().Order().ToList();
        Console.WriteLine($"\nCPU-seconds per 1,000 instances by process (CPU-s/1000 above sums {string.Join(", ", PlatformGroups)} or Orthanc; the rest is dev plumbing and the benchmark itself):");
        var columns = PlatformGroups.Append("Orthanc").Concat(groups).Append("benchmark").ToList();
        Console.WriteLine("  " + $"{"path",-16}" + string.Concat(columns.Select(c => $" {c,10}")));
        foreach (var name in _runs.Select(r => r.Path).Distinct())
        {
            var runs = _runs.Where(r => r.Path == name).ToList();
            var instances = runs.Sum(r => r.Instances) / 1000.0;
            double Per(string group) => group == "benchmark" ? runs.Sum(r => r.ClientCpu) / instances : runs.Sum(r => r.Cpu.GetValueOrDefault(group)) / instances;
            Console.WriteLine("  " + $"{name,-16}" + string.Concat(columns.Select(c => $" {Per(c),10:F1}")));
        }
    }

    private Run Summary(string name)
    {
        var runs = _runs.Where(r => r.Path == name).ToList();
        var cpu = runs.SelectMany(r => r.Cpu).GroupBy(p => p.Key).ToDictionary(g => g.Key, g => g.Sum(p => p.Value));
        return new Run(name, runs.Sum(r => r.Instances), runs.Sum(r => r.Seconds), cpu, runs.Sum(r => r.ClientCpu), "");
    }

    private sealed record Run(string Path, int Instances, double Seconds, IReadOnlyDictionary<string, double> Cpu, double ClientCpu, string Notes)
    {
        public double Rate => Instances / Seconds;

        public double PlatformCpu => Cpu.Where(p => PlatformGroups.Contains(p.Key) || p.Key == "Orthanc").Sum(p => p.Value);
    }
}
