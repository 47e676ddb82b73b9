using System.Globalization;

namespace Eucaim.Cli.Benchmarks;

/// <summary>
/// Command line: <c>--files N</c> (the check's folder, default 1000), <c>--rounds N</c> (check rounds, default 5),
/// <c>--upload-mb N</c> (default 2048), <c>--upload-rounds N</c> (default 1), <c>--skip-check</c>, <c>--skip-upload</c>, <c>--keep</c> (leave the published tools and generated files for a closer look).
/// </summary>
internal sealed record BenchOptions(int Files, int Rounds, int UploadMegabytes, int UploadRounds, bool Check, bool Upload, bool Keep)
{
    public static BenchOptions Parse(string[] args)
    {
        string? Value(string name) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault();
        int Int(string name, int fallback) => Value(name) is { } v ? int.Parse(v, CultureInfo.InvariantCulture) : fallback;
        return new BenchOptions(Int("--files", 1000), Int("--rounds", 5), Int("--upload-mb", 2048), Int("--upload-rounds", 1),
            !args.Contains("--skip-check"), !args.Contains("--skip-upload"), args.Contains("--keep"));
    }
}
