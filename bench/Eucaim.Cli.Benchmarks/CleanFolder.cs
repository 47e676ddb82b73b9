using Eucaim.Dicom;
using Eucaim.Dicom.Synthetic;

namespace Eucaim.Cli.Benchmarks;

/// <summary>A folder of de-identified 512×512 CT instances (about 513 KiB each), as a hospital exports it for upload.</summary>
internal static class CleanFolder
{
    public static IReadOnlyList<string> Write(string folder, int instances, int seed)
    {
        Directory.CreateDirectory(folder);
        var deidentifier = new DicomDeidentifier(new DeidentificationOptions { SiteSecret = "cli-benchmark-site-secret"u8.ToArray() });
        var pixels = SyntheticCtSeries.CreatePixels(512, 512);
        var paths = new string[instances];
        Parallel.For(0, instances, i =>
        {
            using var original = new MemoryStream();
            DicomWriter.WriteFile(original, SyntheticCtSeries.CreateHeader(seed, i, 512, 512), DicomTransferSyntax.ExplicitVRLittleEndian.Uid, DicomVR.OW, pixels);
            original.Position = 0;
            paths[i] = Path.Combine(folder, $"instance-{i + 1:D5}.dcm");
            using var output = File.Create(paths[i]);
            if (!deidentifier.Deidentify(original, output).Succeeded)
            {
                throw new InvalidOperationException($"instance {i} could not be de-identified");
            }
        });
        return paths;
    }
}
