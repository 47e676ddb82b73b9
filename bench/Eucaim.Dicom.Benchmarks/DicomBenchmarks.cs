using System.Text;
using BenchmarkDotNet.Attributes;

namespace Eucaim.Dicom.Benchmarks;

/// <summary>One operation is one file, so BenchmarkDotNet's mean and allocation columns are per file.</summary>
[MemoryDiagnoser]
public class DicomBenchmarks
{
    private readonly DicomTagExtractor _extractor = new();
    private readonly DicomDeidentifier _deidentifier = new(new DeidentificationOptions { SiteSecret = Encoding.ASCII.GetBytes("benchmark-site-secret-0123456789") });
    private string[] _files = [];

    public static int FilesPerOperation => BenchmarkSeries.Instances;

    [GlobalSetup]
    public void Setup() => _files = [.. BenchmarkSeries.EnsureGenerated()];

    /// <summary>Open, read the header up to pixel data, build the index record.</summary>
    [Benchmark(OperationsPerInvoke = 1000)]
    public int HeaderExtraction()
    {
        var rows = 0;
        foreach (var file in _files)
        {
            using var stream = DicomReader.OpenFile(file);
            var record = _extractor.Extract(DicomReader.ReadHeader(stream));
            rows += record.Rows ?? 0;
        }

        return rows;
    }

    /// <summary>Read, apply the Basic Profile and write Part 10 with the pixel data streamed through (to a null sink, so the disk is not measured).</summary>
    [Benchmark(OperationsPerInvoke = 1000)]
    public int Deidentification()
    {
        var succeeded = 0;
        foreach (var file in _files)
        {
            using var stream = DicomReader.OpenFile(file);
            if (_deidentifier.Deidentify(stream, Stream.Null).Succeeded)
            {
                succeeded++;
            }
        }

        return succeeded;
    }
}
