using Eucaim.Dicom.Tests.Infrastructure;

namespace Eucaim.Dicom.Tests;

/// <summary>
/// De-identified corpus files must pass dicom3tools' dciodvfy no worse than their originals, re-read with dcmtk,
/// and contain none of the attributes the profile removes. The rule: the output has no more dciodvfy errors
/// than the input, and no error message (UIDs masked) the input did not have.
/// </summary>
public sealed partial class DciodvfyTests
{
    [Fact]
    public void DeidentifiedCorpusFilesAreValidAndClean()
    {
        var dciodvfy = ExternalTool.Dciodvfy;
        var dcmdump = ExternalTool.Dcmdump;
        var deidentifier = new DicomDeidentifier(DeidentifierTests.Options());
        var workspace = Directory.CreateTempSubdirectory("eucaim-deid-");
        var failures = new List<string>();
        var checkedFiles = 0;
        try
        {
            foreach (var file in TestCorpus.AllFiles())
            {
                var relative = TestCorpus.Relative(file);
                var input = DicomReader.ReadFile(file, headerOnly: false);
                if (!input.IsDicom || !input.IsComplete || ExternalTool.Run(dcmdump, ["-q", file]).ExitCode != 0)
                {
                    continue;
                }

                var output = Path.Combine(workspace.FullName, $"{checkedFiles}.dcm");
                var result = deidentifier.DeidentifyFile(file, output);
                if (!result.Succeeded)
                {
                    // Only media directories are refused among readable files.
                    if (input.FileMetaInformation.GetString(DicomTags.MediaStorageSopClassUid) != "1.2.840.10008.1.3.10")
                    {
                        failures.Add($"{relative}: refused: {string.Join("; ", result.Findings.Where(f => f.Severity == DicomFindingSeverity.Error))}");
                    }

                    continue;
                }

                checkedFiles++;
                var reread = ExternalTool.Run(dcmdump, ["+L", "-Un", "+Qn", output]);
                if (reread.ExitCode != 0 || reread.StandardError.Contains("E: ", StringComparison.Ordinal))
                {
                    failures.Add($"{relative}: dcmdump cannot re-read the output: {reread.StandardError.Trim()}");
                    continue;
                }

                var sopClass = input.Dataset.GetString(DicomTags.SopClassUid);
                var removed = DcmdumpOutput.Parse(reread.StandardOutput).Dataset.SelectMany(Flatten)
                    .Where(n => ConfidentialityProfile.ActionFor(n.Tag, sopClass) == DeidentificationAction.Remove || n.Tag.IsPrivate)
                    .Select(n => n.Tag.ToString()).Distinct().ToList();
                if (removed.Count > 0)
                {
                    failures.Add($"{relative}: output still has {string.Join(", ", removed)}");
                }

                var before = Errors(ExternalTool.Run(dciodvfy, [file]));
                if (before.Contains("Error - Dicom dataset read failed"))
                {
                    // dciodvfy cannot read this encoding (deflate): the baseline is the same file re-encoded, not de-identified.
                    var baseline = Path.Combine(workspace.FullName, $"{checkedFiles}-baseline.dcm");
                    using (var source = DicomReader.OpenFile(file))
                    using (var target = File.Create(baseline))
                    {
                        Assert.True(DicomWriter.Rewrite(source, target).Succeeded);
                    }

                    before = Errors(ExternalTool.Run(dciodvfy, [baseline]));
                }

                var after = Errors(ExternalTool.Run(dciodvfy, [output]));
                var introduced = after.Except(before).ToList();
                if (after.Count > before.Count || introduced.Count > 0)
                {
                    failures.Add($"{relative}: dciodvfy errors {before.Count} -> {after.Count}; new: {string.Join(" | ", introduced.Take(5))}");
                }
            }
        }
        finally
        {
            workspace.Delete(recursive: true);
        }

        Assert.True(failures.Count == 0, string.Join('\n', failures));
        Assert.True(checkedFiles > 60, $"only {checkedFiles} corpus files were de-identified and verified");
    }

    private static IEnumerable<DumpNode> Flatten(DumpNode node) => node.Children.SelectMany(Flatten).Prepend(node);

    /// <summary>
    /// dciodvfy error lines with numbers and UIDs masked: UIDs are replaced consistently, so an error the original
    /// already had (even about an invalid UID such as "0") reappears with the new UID and is the same error.
    /// </summary>
    private static List<string> Errors(ToolResult result) =>
        (result.StandardOutput + result.StandardError).Split('\n')
            .Where(l => l.StartsWith("Error", StringComparison.Ordinal))
            .Select(l => NumberPattern().Replace(l.Trim(), "<n>"))
            .ToList();

    [System.Text.RegularExpressions.GeneratedRegex(@"\b[0-9]+(\.[0-9]+)*\b")]
    private static partial System.Text.RegularExpressions.Regex NumberPattern();
}
