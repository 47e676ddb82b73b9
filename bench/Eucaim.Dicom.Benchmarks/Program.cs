using System.Diagnostics;
using System.Globalization;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using Eucaim.Dicom.Benchmarks;

// Usage: dotnet run -c Release --project bench/Eucaim.Dicom.Benchmarks -- [--dir PATH] [--job short|medium] [--no-bdn]
var job = "short";
var runBenchmarkDotNet = true;
for (var i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--dir":
            BenchmarkSeries.Directory = args[++i];
            break;
        case "--job":
            job = args[++i];
            break;
        case "--no-bdn":
            runBenchmarkDotNet = false;
            break;
        default:
            Console.Error.WriteLine($"Unknown argument {args[i]}; expected --dir PATH, --job short|medium, --no-bdn.");
            return 2;
    }
}

var files = BenchmarkSeries.EnsureGenerated();
var meanFileBytes = files.Average(f => new FileInfo(f).Length);
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Series: {files.Count} files, {meanFileBytes / 1024:0} KiB each, in {BenchmarkSeries.ResolvedDirectory}"));

Summary? summary = null;
if (runBenchmarkDotNet)
{
    // In-process: no separate build of a generated project on a small shared machine, same JIT settings as this Release build.
    var baseJob = job == "medium" ? Job.MediumRun : Job.ShortRun;
    var config = ManualConfig.Create(DefaultConfig.Instance)
        .AddJob(baseJob.WithToolchain(InProcessEmitToolchain.Instance))
        .WithOptions(ConfigOptions.DisableLogFile);
    summary = BenchmarkRunner.Run<DicomBenchmarks>(config);
}

var direct = DirectMeasurement.Run(files);
var dcmdump = DcmdumpMeasurement.Run(files);

Console.WriteLine();
Console.WriteLine("=== Eucaim.Dicom benchmark summary (one core, one process) ===");
double headerFilesPerSecond;
double allocatedPerFile;
double deidFilesPerSecond;
if (summary is not null && summary.Reports.Length == 2 && summary.Reports.All(r => r.ResultStatistics is not null))
{
    var header = summary.Reports.Single(r => r.BenchmarkCase.Descriptor.WorkloadMethod.Name == nameof(DicomBenchmarks.HeaderExtraction));
    var deid = summary.Reports.Single(r => r.BenchmarkCase.Descriptor.WorkloadMethod.Name == nameof(DicomBenchmarks.Deidentification));
    headerFilesPerSecond = 1e9 / header.ResultStatistics!.Mean;
    deidFilesPerSecond = 1e9 / deid.ResultStatistics!.Mean;
    allocatedPerFile = header.GcStats.GetBytesAllocatedPerOperation(header.BenchmarkCase) ?? direct.AllocatedBytesPerFile;
    Console.WriteLine("Source: BenchmarkDotNet (mean per file), checked against a Stopwatch loop below.");
}
else
{
    headerFilesPerSecond = direct.HeaderFilesPerSecond;
    deidFilesPerSecond = direct.DeidentificationFilesPerSecond;
    allocatedPerFile = direct.AllocatedBytesPerFile;
    Console.WriteLine("Source: Stopwatch loop (BenchmarkDotNet skipped).");
}

Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Header extraction:   {headerFilesPerSecond,10:N0} files/s  {headerFilesPerSecond * meanFileBytes / 1e6,10:N0} MB/s of files  {allocatedPerFile,8:N0} B allocated/file"));
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  (Stopwatch loop:   {direct.HeaderFilesPerSecond,10:N0} files/s, {direct.AllocatedBytesPerFile:N0} B allocated/file)"));
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"De-identification:   {deidFilesPerSecond,10:N0} files/s  (read, profile, Part 10 written to a null sink, pixel data streamed)"));
if (dcmdump is { } reference)
{
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{reference.Options} (all files, one process): {reference.FilesPerSecond,10:N0} files/s"));
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Ratio header extraction / dcmdump: {headerFilesPerSecond / reference.FilesPerSecond:0.00}x (goal >= 2x)"));
}
else
{
    Console.WriteLine("dcmdump not found: install Debian's dcmtk package for the side-by-side figure.");
}

return 0;

/// <summary>A plain single-threaded loop over the series, the same way dcmdump is timed.</summary>
internal static class DirectMeasurement
{
    public static (double HeaderFilesPerSecond, double AllocatedBytesPerFile, double DeidentificationFilesPerSecond) Run(IReadOnlyList<string> files)
    {
        var extractor = new Eucaim.Dicom.DicomTagExtractor();
        void Headers()
        {
            foreach (var file in files)
            {
                using var stream = Eucaim.Dicom.DicomReader.OpenFile(file);
                _ = extractor.Extract(Eucaim.Dicom.DicomReader.ReadHeader(stream));
            }
        }

        Headers();
        var rounds = new List<double>();
        long allocated = 0;
        for (var round = 0; round < 5; round++)
        {
            var before = GC.GetAllocatedBytesForCurrentThread();
            var watch = Stopwatch.StartNew();
            Headers();
            watch.Stop();
            allocated = GC.GetAllocatedBytesForCurrentThread() - before;
            rounds.Add(files.Count / watch.Elapsed.TotalSeconds);
        }

        var deidentifier = new Eucaim.Dicom.DicomDeidentifier(new Eucaim.Dicom.DeidentificationOptions { SiteSecret = System.Text.Encoding.ASCII.GetBytes("benchmark-site-secret-0123456789") });
        var deidRounds = new List<double>();
        for (var round = 0; round < 3; round++)
        {
            var watch = Stopwatch.StartNew();
            foreach (var file in files)
            {
                using var stream = Eucaim.Dicom.DicomReader.OpenFile(file);
                deidentifier.Deidentify(stream, Stream.Null);
            }

            deidRounds.Add(files.Count / watch.Elapsed.TotalSeconds);
        }

        return (Median(rounds), (double)allocated / files.Count, Median(deidRounds));
    }

    public static double Median(List<double> values)
    {
        values.Sort();
        return values[values.Count / 2];
    }
}

/// <summary>
/// dcmdump over the same files in one process, output to /dev/null, in the two ways that skip pixel data:
/// without loading long values (-M) and stopping before Pixel Data (+sb). The faster one is the reference.
/// </summary>
internal static class DcmdumpMeasurement
{
    public static (double FilesPerSecond, string Options)? Run(IReadOnlyList<string> files)
    {
        if (!File.Exists("/usr/bin/dcmdump"))
        {
            return null;
        }

        (double, string)? best = null;
        foreach (var options in new[] { new[] { "-q", "-M" }, new[] { "-q", "+sb", "7fe0,0010" } })
        {
            var rounds = new List<double>();
            for (var round = 0; round < 3; round++)
            {
                // The shell only redirects; exec replaces it, so the time is dcmdump's.
                var start = new ProcessStartInfo("/bin/sh") { UseShellExecute = false };
                foreach (var argument in new[] { "-c", "exec /usr/bin/dcmdump \"$@\" > /dev/null 2>&1", "sh" }.Concat(options).Concat(files))
                {
                    start.ArgumentList.Add(argument);
                }

                var watch = Stopwatch.StartNew();
                using var process = Process.Start(start)!;
                process.WaitForExit();
                watch.Stop();
                rounds.Add(files.Count / watch.Elapsed.TotalSeconds);
            }

            var median = DirectMeasurement.Median(rounds);
            var label = "dcmdump " + string.Join(' ', options);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{label}: {median:N0} files/s (median of 3 runs over {files.Count} files)"));
            if (best is null || median > best.Value.Item1)
            {
                best = (median, label);
            }
        }

        return best;
    }
}
