namespace Eucaim.Dicom.Tests.Infrastructure;

/// <summary>
/// The real DICOM files that Debian's python3-pydicom package installs. Tests fail, never skip, when they are missing.
/// </summary>
public static class TestCorpus
{
    public const string EnvironmentVariable = "EUCAIM_DICOM_CORPUS";

    private static readonly Lazy<string> Root = new(Locate);

    /// <summary>The pydicom data folder that holds test_files and charset_files.</summary>
    public static string DataFolder => Root.Value;

    public static string TestFiles => Path.Combine(DataFolder, "test_files");

    public static string CharsetFiles => Path.Combine(DataFolder, "charset_files");

    public static string File(string name)
    {
        var path = Path.Combine(TestFiles, name);
        Assert.True(System.IO.File.Exists(path), $"Corpus file {path} is missing; reinstall Debian's python3-pydicom package (apt-get install python3-pydicom).");
        return path;
    }

    public static string CharsetFile(string name)
    {
        var path = Path.Combine(CharsetFiles, name);
        Assert.True(System.IO.File.Exists(path), $"Corpus file {path} is missing; reinstall Debian's python3-pydicom package (apt-get install python3-pydicom).");
        return path;
    }

    /// <summary>Every file of the corpus, DICOM or not: the readme and JSON files are there to be rejected.</summary>
    public static IReadOnlyList<string> AllFiles() =>
        Directory.EnumerateFiles(TestFiles, "*", SearchOption.AllDirectories)
            .Concat(Directory.EnumerateFiles(CharsetFiles, "*", SearchOption.AllDirectories))
            .Where(path => !path.EndsWith(".py", StringComparison.Ordinal) && !path.Contains("__pycache__", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .ToList();

    public static string Relative(string path) => Path.GetRelativePath(DataFolder, path);

    private static string Locate()
    {
        var candidates = new List<string>();
        if (Environment.GetEnvironmentVariable(EnvironmentVariable) is { Length: > 0 } overridden)
        {
            // The override may name the data folder or its test_files folder.
            candidates.Add(Path.GetFileName(overridden.TrimEnd('/')) == "test_files" ? Path.GetDirectoryName(overridden.TrimEnd('/'))! : overridden);
        }

        candidates.Add("/usr/lib/python3/dist-packages/pydicom/data");
        if (Directory.Exists("/usr/lib"))
        {
            candidates.AddRange(Directory.EnumerateDirectories("/usr/lib", "python3*")
                .Select(dir => Path.Combine(dir, "dist-packages", "pydicom", "data"))
                .Order(StringComparer.Ordinal));
        }

        foreach (var candidate in candidates)
        {
            if (Directory.Exists(Path.Combine(candidate, "test_files")) && System.IO.File.Exists(Path.Combine(candidate, "test_files", "CT_small.dcm")))
            {
                return candidate;
            }
        }

        Assert.Fail(
            "The pydicom DICOM test corpus was not found (looked in " + string.Join(", ", candidates) + "). " +
            "Install Debian's python3-pydicom package (apt-get install python3-pydicom), " +
            $"or set {EnvironmentVariable} to a pydicom data folder containing test_files.");
        return string.Empty;
    }
}
