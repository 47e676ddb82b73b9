using System.Globalization;

namespace Eucaim.Ingest.Benchmarks;

/// <summary>
/// Command line: <c>--upload-mb N</c> (default 2048), <c>--instances N</c> (default 1000), <c>--rounds N</c> (default 1),
/// <c>--clients N</c> (concurrent requests for STOW and Orthanc, default 4), <c>--orthanc PATH</c> (default /usr/sbin/Orthanc),
/// <c>--warmup N</c> (instances each path stores once, untimed, before the first round; default as many as <c>--instances</c>, 0 for none),
/// <c>--skip-upload</c>, <c>--skip-ingest</c>.
/// </summary>
internal sealed record BenchOptions(int UploadMegabytes, int Instances, int Rounds, int Clients, string Orthanc, bool Upload, bool Ingest, int Warmup)
{
    public static BenchOptions Parse(string[] args)
    {
        string? Value(string name) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault();
        int Int(string name, int fallback) => Value(name) is { } v ? int.Parse(v, CultureInfo.InvariantCulture) : fallback;
        var instances = Int("--instances", 1000);
        return new BenchOptions(Int("--upload-mb", 2048), instances, Int("--rounds", 1), Int("--clients", 4),
            Value("--orthanc") ?? "/usr/sbin/Orthanc", !args.Contains("--skip-upload"), !args.Contains("--skip-ingest"), Int("--warmup", instances));
    }
}
