using System.IO.Compression;
using Eucaim.Dicom.Synthetic;

namespace Eucaim.Ingest.Benchmarks;

/// <summary>The synthetic CT series every path ingests, generated once and held in memory: the same bytes for each path and round.</summary>
internal sealed record SeriesUnderTest(IReadOnlyList<byte[]> Files, byte[] Zip, string StudyInstanceUid)
{
    public long Bytes { get; } = Files.Sum(f => (long)f.Length);

    public static SeriesUnderTest Generate(string work, int instances, int noiseBits)
    {
        var folder = Path.Combine(work, "series");
        var paths = SyntheticCtSeries.Write(folder, instances, noiseBits: noiseBits);
        var zip = Path.Combine(work, "series.zip");
        ZipFile.CreateFromDirectory(folder, zip, CompressionLevel.Fastest, includeBaseDirectory: false);
        var series = new SeriesUnderTest([.. paths.Select(File.ReadAllBytes)], File.ReadAllBytes(zip), SyntheticCtSeries.StudyInstanceUid(1));
        Directory.Delete(folder, recursive: true);
        File.Delete(zip);
        return series;
    }
}
