namespace Eucaim.Workers.Jobs.Local;

/// <summary>
/// Log text as tenant members see it: the machine's own folders are replaced by placeholders, so a
/// job that prints its environment or a stack trace shows <c>&lt;sandbox&gt;/tenant-a/jobs/…/data</c>
/// rather than where the Workers keep every tenant's sandbox and their own binaries. The log file
/// on the machine keeps the real paths for the operator.
/// </summary>
public sealed class SandboxPaths
{
    public const string SandboxPlaceholder = "<sandbox>";
    public const string AppPlaceholder = "<app>";

    private readonly (string Path, string Placeholder)[] _replacements;

    public SandboxPaths(string sandboxRoot, string appBase)
    {
        // Longest first, so a sandbox inside the application folder (or the reverse) is replaced as the longer one.
        _replacements = [.. new[] { (Trim(sandboxRoot), SandboxPlaceholder), (Trim(appBase), AppPlaceholder) }
            .Where(r => r.Item1.Length > 1)
            .OrderByDescending(r => r.Item1.Length)];
    }

    public string Relative(string text)
    {
        foreach (var (path, placeholder) in _replacements)
        {
            text = text.Replace(path, placeholder, StringComparison.Ordinal);
        }

        return text;
    }

    private static string Trim(string path) => Path.TrimEndingDirectorySeparator(Path.GetFullPath(path));
}
