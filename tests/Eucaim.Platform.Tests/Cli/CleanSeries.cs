using Eucaim.Dicom;
using Eucaim.Dicom.Synthetic;

namespace Eucaim.Platform.Tests.Cli;

/// <summary>A synthetic CT series de-identified as a hospital's export tool would leave it, written as files.</summary>
internal static class CleanSeries
{
    private static readonly DicomDeidentifier Deidentifier = new(new DeidentificationOptions { SiteSecret = "cli-tests-site-secret"u8.ToArray() });

    public static IReadOnlyList<string> Write(string folder, int seed, int instances, int size)
    {
        Directory.CreateDirectory(folder);
        var paths = new List<string>(instances);
        for (var i = 0; i < instances; i++)
        {
            var path = Path.Combine(folder, $"instance-{i + 1:D5}.dcm");
            using (var output = File.Create(path))
            {
                var result = Deidentifier.Deidentify(new MemoryStream(SyntheticCtSeries.CreateFile(seed, i, size, size)), output);
                Assert.True(result.Succeeded, string.Join("; ", result.Findings));
            }

            paths.Add(path);
        }

        return paths;
    }

    /// <summary>One instance as the scanner wrote it: the patient's name and identifiers still in it.</summary>
    public static string WriteIdentified(string folder, string name, int seed)
    {
        var path = Path.Combine(folder, name);
        File.WriteAllBytes(path, SyntheticCtSeries.CreateFile(seed, 0, 16, 16));
        return path;
    }
}
