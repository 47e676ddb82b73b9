using Eucaim.Cli.Platform;

namespace Eucaim.Cli.Upload;

/// <summary>Runs the local check with progress and tells the user what it found: every refused file with the attribute, at most a screenful for people.</summary>
internal static class CheckPrinter
{
    private const int ListedForPeople = 20;

    public static async Task<LocalCheckReport> RunAsync(CliContext context, SourceFiles sources, bool identifiersAllowed, CancellationToken cancellationToken)
    {
        var checkedFiles = 0L;
        var work = Task.Run(() => LocalCheck.Run(sources, identifiersAllowed, Environment.ProcessorCount, n => Interlocked.Exchange(ref checkedFiles, n)), cancellationToken);
        await new ProgressDisplay(context).RunAsync("checked", () => sources.Files.Count, () => Interlocked.Read(ref checkedFiles), work, bytes: false);
        return await work;
    }

    /// <summary>
    /// The check before sending into <paramref name="dataset"/>: its ingest policy decides whether
    /// identifying information is refused here or only reported (the platform removes it on arrival).
    /// </summary>
    public static async Task<LocalCheckReport> RunForDatasetAsync(CliContext context, SourceFiles sources, Guid dataset, CancellationToken cancellationToken)
    {
        var policy = await context.Api.GetJsonAsync($"api/datasets/{dataset}/ingest-policy", await context.Session.AccessTokenAsync(cancellationToken), cancellationToken);
        return await RunAsync(context, sources, policy.GetProperty("mode").GetString() == "deidentify", cancellationToken);
    }

    /// <summary>One line of what was checked, then the problems (errors) or warnings; returns false when the files must not be sent.</summary>
    public static bool Print(CliContext context, LocalCheckReport report, bool warningsToo)
    {
        var error = context.Host.Error;
        var skipped = report.NotDicom.Count == 0 ? "" : $"; {report.NotDicom.Count} not DICOM, left out: {string.Join(", ", report.NotDicom.Take(5))}{(report.NotDicom.Count > 5 ? ", …" : "")}";
        error.WriteLine($"eucaim: checked {report.FilesChecked} files: {report.DicomFiles} DICOM{skipped}; {report.Problems.Count} problems, {report.Warnings.Count} warnings.");
        foreach (var problem in report.Problems.Take(ListedForPeople))
        {
            error.WriteLine($"  refused {problem.File}: {problem.Message}");
        }

        if (report.Problems.Count > ListedForPeople)
        {
            error.WriteLine($"  … and {report.Problems.Count - ListedForPeople} more (--json lists them all)");
        }

        if (warningsToo)
        {
            foreach (var warning in report.Warnings.Take(ListedForPeople))
            {
                error.WriteLine($"  warning {warning.File}: {warning.Message}");
            }
        }

        if (!report.Passed)
        {
            error.WriteLine("eucaim: nothing was sent. Remove the identifying information (or the damaged files) and run the command again.");
        }

        return report.Passed;
    }
}
