using Eucaim.Dicom.Synthetic;
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

    /// <summary>
    /// The corpus has none of the Type 3 sequences the profile offers X/Z or X/Z/D for; a CT with them (and the other
    /// X/Z/D attributes) filled in must come out with no new dciodvfy error: removed, not written as empty sequences
    /// ("Bad Sequence number of Items 0"), and with none of their values left.
    /// </summary>
    [Fact]
    public void ProfileChoicesOnTypeThreeSequencesKeepTheOutputValid()
    {
        var dciodvfy = ExternalTool.Dciodvfy;
        var workspace = Directory.CreateTempSubdirectory("eucaim-deid-seq-");
        try
        {
            var input = Path.Combine(workspace.FullName, "in.dcm");
            File.WriteAllBytes(input, SyntheticCtSeries.CreateFile(edit: d =>
            {
                d.SetSequence(new DicomTag(0x0008, 0x1110), Reference("1.2.840.10008.3.1.2.3.1", "1.2.826.0.1.3680043.2.1125.7"));
                d.SetSequence(new DicomTag(0x0008, 0x1111), Reference("1.2.840.10008.3.1.2.3.3", "1.2.826.0.1.3680043.2.1125.8"));
                var institution = new DicomDataset();
                institution.SetString(DicomTags.CodeValue, DicomVR.SH, "HOSP1");
                institution.SetString(DicomTags.CodingSchemeDesignator, DicomVR.SH, "99LOCAL");
                institution.SetString(DicomTags.CodeMeaning, DicomVR.LO, "Hospital Uno");
                d.SetSequence(new DicomTag(0x0008, 0x0082), institution);
                d.SetString(new DicomTag(0x0008, 0x0013), DicomVR.TM, "101500");
            }));
            var output = Path.Combine(workspace.FullName, "out.dcm");
            Assert.True(new DicomDeidentifier(DeidentifierTests.Options()).DeidentifyFile(input, output).Succeeded);

            var before = Errors(ExternalTool.Run(dciodvfy, [input]));
            var after = Errors(ExternalTool.Run(dciodvfy, [output]));
            Assert.True(after.Count <= before.Count && after.Except(before).ToList() is [], $"dciodvfy errors {before.Count} -> {after.Count}: {string.Join(" | ", after.Except(before))}");

            var dataset = DicomReader.ReadFile(output, headerOnly: false).Dataset;
            foreach (var tag in new[] { new DicomTag(0x0008, 0x1110), new DicomTag(0x0008, 0x1111), new DicomTag(0x0008, 0x0082), new DicomTag(0x0008, 0x0013),
                         DicomTags.StationName, new DicomTag(0x0018, 0x1000), DicomTags.InstitutionName })
            {
                Assert.False(dataset.Contains(tag), $"{tag} should be removed (X): it is Type 3 in the CT Image IOD");
            }

            Assert.True(File.ReadAllBytes(output).AsSpan().IndexOf("Hospital Uno"u8) < 0, "the institution's code meaning is still in the output");
        }
        finally
        {
            workspace.Delete(recursive: true);
        }
    }

    private static DicomDataset Reference(string sopClassUid, string sopInstanceUid)
    {
        var item = new DicomDataset();
        item.SetString(new DicomTag(0x0008, 0x1150), DicomVR.UI, sopClassUid);
        item.SetString(new DicomTag(0x0008, 0x1155), DicomVR.UI, sopInstanceUid);
        return item;
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
