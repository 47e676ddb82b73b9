using System.Globalization;
using Eucaim.Dicom.Synthetic;

namespace Eucaim.Dicom.Benchmarks;

/// <summary>The generated CT series the benchmarks read: N instances of 512 x 512, 16-bit, generated once and reused.</summary>
public static class BenchmarkSeries
{
    public static int Instances { get; set; } = 1000;

    public static string Directory { get; set; } = string.Empty;

    public static string ResolvedDirectory => Directory.Length > 0
        ? Directory
        : Path.Combine(Path.GetTempPath(), "eucaim-dicom-bench", string.Create(CultureInfo.InvariantCulture, $"ct-{Instances}-512"));

    public static IReadOnlyList<string> EnsureGenerated()
    {
        var directory = ResolvedDirectory;
        var marker = Path.Combine(directory, "complete");
        if (!File.Exists(marker))
        {
            Console.WriteLine($"Generating {Instances} CT instances (512x512, 16-bit) in {directory} ...");
            SyntheticCtSeries.Write(directory, Instances, 512, 512);
            File.WriteAllText(marker, Instances.ToString(CultureInfo.InvariantCulture));
        }

        return System.IO.Directory.EnumerateFiles(directory, "instance-*.dcm").Order(StringComparer.Ordinal).Take(Instances).ToList();
    }
}
