using System.Globalization;

namespace Eucaim.Ingest.Benchmarks;

/// <summary>
/// Command line: <c>--upload-mb N</c> (default 2048), <c>--instances N</c> (default 1000), <c>--rounds N</c> (default 1),
/// <c>--clients N</c> (concurrent requests for STOW and Orthanc, default 4), <c>--orthanc PATH</c> (default /usr/sbin/Orthanc),
/// <c>--warmup N</c> (instances each path stores once, untimed, before the first round; default as many as <c>--instances</c>, 0 for none),
/// <c>--paths tus,stow1,stow50</c> (the platform's paths to measure against Orthanc, default all three), <c>--skip-upload</c>, <c>--skip-ingest</c>.
/// </summary>
internal sealed record BenchOptions(int UploadMegabytes, int Instances, int Rounds, int Clients, string Orthanc, bool Upload, bool Ingest, int Warmup, IReadOnlySet<string> Paths)
{
    /// <summary>The platform's paths: the name <c>--paths</c> takes, and the one the table prints.</summary>
    public static readonly (string Option, string Name)[] PlatformPaths =
        [("tus", IngestComparison.TusZip), ("stow1", IngestComparison.Stow1), ("stow50", IngestComparison.Stow50)];

    public static BenchOptions Parse(string[] args)
    {
        string? Value(string name) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault();
        int Int(string name, int fallback) => Value(name) is { } v ? int.Parse(v, CultureInfo.InvariantCulture) : fallback;
        var instances = Int("--instances", 1000);
        return new BenchOptions(Int("--upload-mb", 2048), instances, Int("--rounds", 1), Int("--clients", 4),
            Value("--orthanc") ?? "/usr/sbin/Orthanc", !args.Contains("--skip-upload"), !args.Contains("--skip-ingest"), Int("--warmup", instances),
            PathsOf(Value("--paths")));
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
