using System.Globalization;

namespace Eucaim.Ingest.Benchmarks;

/// <summary>
/// Command line: <c>--upload-mb N</c> (default 2048), <c>--instances N</c> (default 1000), <c>--rounds N</c> (default 1),
/// <c>--clients N</c> (concurrent requests for STOW and Orthanc, default 4), <c>--orthanc PATH</c> (default /usr/sbin/Orthanc),
/// <c>--warmup N</c> (instances each path stores once, untimed, before the first round; default three times <c>--instances</c>, 0 for none),
/// <c>--paths tus,stow1,stow50</c> (the platform's paths to measure against Orthanc, default all three),
/// <c>--noise-bits N</c> (random low bits in every pixel, 0 to 12, default 0: the smooth series deflates about 12:1; with 3 it
/// deflates about as real CT does, 1.6:1 with gzip -1; the tus path's zip and its deflated instances depend on it),
/// <c>--skip-upload</c>, <c>--skip-ingest</c>.
/// </summary>
internal sealed record BenchOptions(
    int UploadMegabytes, int Instances, int Rounds, int Clients, string Orthanc, bool Upload, bool Ingest, int Warmup, IReadOnlySet<string> Paths, int NoiseBits)
{
    /// <summary>The platform's paths: the name <c>--paths</c> takes, and the one the table prints.</summary>
    public static readonly (string Option, string Name)[] PlatformPaths =
        [("tus", IngestComparison.TusZip), ("stow1", IngestComparison.Stow1), ("stow50", IngestComparison.Stow50)];

    /// <summary>
    /// The warm-up stores three times the measured series: STOW with 50 a request sends 20 requests per 1,000 instances,
    /// and the runtime compiles a method's optimised code only after 30 calls, so a warm-up of one series left the code
    /// that runs once a request unoptimised into the first timed round (the Api's STOW cost over two rounds: 3.6–3.8 CPU-s per
    /// 1,000 instances after a warm-up of one series, 2.6 after three).
    /// </summary>
    private const int WarmupTimes = 3;

    public static BenchOptions Parse(string[] args)
    {
        string? Value(string name) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault();
        int Int(string name, int fallback) => Value(name) is { } v ? int.Parse(v, CultureInfo.InvariantCulture) : fallback;
        var instances = Int("--instances", 1000);
        var noiseBits = Int("--noise-bits", 0);
        if (noiseBits is < 0 or > 12)
        {
            throw new ArgumentException($"--noise-bits takes 0 to 12 (the pixels are 12-bit); got {noiseBits}.");
        }

        return new BenchOptions(Int("--upload-mb", 2048), instances, Int("--rounds", 1), Int("--clients", 4),
            Value("--orthanc") ?? "/usr/sbin/Orthanc", !args.Contains("--skip-upload"), !args.Contains("--skip-ingest"), Int("--warmup", WarmupTimes * instances),
            PathsOf(Value("--paths")), noiseBits);
    }

    private static HashSet<string> PathsOf(string? list)
    {
        var known = PlatformPaths.Select(p => p.Option).ToArray();
        var paths = (list ?? string.Join(',', known)).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToHashSet(StringComparer.Ordinal);
        return paths.Count > 0 && paths.IsSubsetOf(known)
            ? paths
            : throw new ArgumentException($"--paths takes a comma-separated list of {string.Join(", ", known)}; got '{list}'.");
    }
}
