using System.Globalization;
using System.Text;
using Eucaim.Dicom.Tests.Infrastructure;

namespace Eucaim.Dicom.Tests;

/// <summary>
/// dcmtk is the reference: over the whole pydicom corpus, every element dcmdump lists must be read by us
/// with the same tag, VR and value (text byte for byte and, for DS/IS, as numbers; US, SS, UL, SL, SV, UV, FL, FD and
/// AT as decoded numbers), text decoded through its character set must match dcmdump +U8, and every file dcmdump
/// rejects must give us at least one Error finding.
/// </summary>
public sealed class DcmtkComparisonTests
{
    /// <summary>
    /// The documented exceptions: files dcmdump reads without complaint where our reader reports an Error
    /// (while still reading every element dcmdump lists, which is checked like for any other file).
    /// </summary>
    public static readonly IReadOnlyDictionary<string, string> StricterThanDcmtk = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["test_files/dicomdirtests/DICOMDIR-nooffset"] =
            "The last directory record's item declares 248 bytes but the file ends 24 bytes earlier. dcmtk stops at the end " +
            "of the file without a message; we read the same elements and report LengthPastEnd, because a record that " +
            "promises more than it holds is damaged.",
    };

    [Fact]
    public void EveryCorpusFileMatchesDcmdump()
    {
        var dcmdump = ExternalTool.Dcmdump;
        var files = TestCorpus.AllFiles();
        Assert.True(files.Count > 90, $"Expected the whole pydicom corpus (over 90 files), found {files.Count}.");
        var failures = new List<string>();
        var compared = 0;
        var rejected = 0;
        foreach (var file in files)
        {
            var relative = TestCorpus.Relative(file);
            var dump = ExternalTool.Run(dcmdump, ["+L", "-Un", "+Qn", file]);
            var ours = ReadWhole(file);

            if (dump.ExitCode != 0)
            {
                rejected++;
                if (!ours.HasErrors)
                {
                    failures.Add($"{relative}: dcmdump rejects it ({FirstError(dump.StandardError)}) but we report no Error finding.");
                }

                continue;
            }

            compared++;
            var problems = new List<string>();
            var readerErrors = ours.Findings.Where(f => f.Severity == DicomFindingSeverity.Error).ToList();
            if (readerErrors.Count > 0 != StricterThanDcmtk.ContainsKey(relative))
            {
                problems.Add(readerErrors.Count > 0
                    ? $"dcmdump accepts it but we report {string.Join("; ", readerErrors)} (not a documented exception)"
                    : "documented as stricter than dcmtk, but we report no Error any more");
            }

            if (!ours.IsComplete && !StricterThanDcmtk.ContainsKey(relative))
            {
                problems.Add("our read stopped early: " + string.Join("; ", ours.Findings.Where(f => f.Severity == DicomFindingSeverity.Error)));
            }

            var parsed = DcmdumpOutput.Parse(dump.StandardOutput);
            CompareDataset("meta", parsed.Meta, ours.FileMetaInformation, ours, topLevel: false, problems);
            CompareDataset("dataset", parsed.Dataset, ours.Dataset, ours, topLevel: true, problems);
            failures.AddRange(problems.Select(p => $"{relative}: {p}"));
        }

        Assert.True(failures.Count == 0, $"{failures.Count} difference(s) with dcmdump:\n" + string.Join('\n', failures.Take(60)));
        Assert.True(compared > 80, $"Only {compared} files were compared element by element.");
        Assert.True(rejected >= 5, $"Expected dcmdump to reject the truncated and non-DICOM corpus files, it rejected {rejected}.");
    }

    [Fact]
    public void IndexRecordsMatchDcmdumpForEveryReadableFile()
    {
        var dcmdump = ExternalTool.Dcmdump;
        var extractor = new DicomTagExtractor();
        var failures = new List<string>();
        foreach (var file in TestCorpus.AllFiles())
        {
            var dump = ExternalTool.Run(dcmdump, ["+L", "-Un", "+Qn", file]);
            if (dump.ExitCode != 0)
            {
                continue;
            }

            var parsed = DcmdumpOutput.Parse(dump.StandardOutput);
            var record = extractor.Extract(ReadWhole(file));
            var top = parsed.Dataset.Where(n => n.Text is not null).GroupBy(n => n.Tag).ToDictionary(g => g.Key, g => g.First().Text!.Trim(' ', '\0'));
            var meta = parsed.Meta.Where(n => n.IsString).ToDictionary(n => n.Tag, n => n.Value.TrimEnd(' ', '\0'));
            string? Dump(DicomTag tag) => top.TryGetValue(tag, out var v) && v.Length > 0 ? v : null;
            void ExpectText(string field, string? expected, string? actual)
            {
                if (expected is null || expected.All(c => c is >= ' ' and <= '~'))
                {
                    Expect(field, expected, actual);
                }
            }

            void Expect(string field, string? expected, string? actual)
            {
                if (!string.Equals(expected, actual, StringComparison.Ordinal))
                {
                    failures.Add($"{TestCorpus.Relative(file)}: {field} is '{actual}', dcmdump says '{expected}'.");
                }
            }

            Expect("SopInstanceUid", Dump(DicomTags.SopInstanceUid), record.SopInstanceUid);
            Expect("SopClassUid", Dump(DicomTags.SopClassUid), record.SopClassUid);
            Expect("StudyInstanceUid", Dump(DicomTags.StudyInstanceUid), record.StudyInstanceUid);
            Expect("SeriesInstanceUid", Dump(DicomTags.SeriesInstanceUid), record.SeriesInstanceUid);
            Expect("Modality", Dump(DicomTags.Modality), record.Modality);
            Expect("BodyPartExamined", Dump(DicomTags.BodyPartExamined), record.BodyPartExamined);
            // Decoded text is compared where the bytes are ASCII; other repertoires are covered by CharacterSetTests.
            ExpectText("Manufacturer", Dump(DicomTags.Manufacturer), record.Manufacturer);
            ExpectText("ManufacturerModelName", Dump(DicomTags.ManufacturerModelName), record.ManufacturerModelName);
            ExpectText("PatientId", Dump(DicomTags.PatientId), record.PatientId);
            ExpectText("PatientName", Dump(DicomTags.PatientName), record.PatientName);
            ExpectText("StudyDescription", Dump(DicomTags.StudyDescription), record.StudyDescription);
            ExpectText("SeriesDescription", Dump(DicomTags.SeriesDescription), record.SeriesDescription);
            ExpectText("ReferringPhysicianName", Dump(DicomTags.ReferringPhysicianName), record.ReferringPhysicianName);
            Expect("PerformedProcedureStepStartDate", DicomDate.Parse(Dump(DicomTags.PerformedProcedureStepStartDate)) is { } ppsDate ? DicomDate.Format(ppsDate) : null,
                record.PerformedProcedureStepStartDate is { } pd ? DicomDate.Format(pd) : null);
            Expect("AccessionNumber", Dump(DicomTags.AccessionNumber), record.AccessionNumber);
            Expect("StudyDate", DicomDate.Parse(Dump(DicomTags.StudyDate)) is { } expectedDate ? DicomDate.Format(expectedDate) : null, record.StudyDate is { } sd ? DicomDate.Format(sd) : null);
            Expect("PatientBirthDate", DicomDate.Parse(Dump(DicomTags.PatientBirthDate)) is { } birth ? DicomDate.Format(birth) : null, record.PatientBirthDate is { } bd ? DicomDate.Format(bd) : null);
            Expect("TransferSyntaxUid", meta.GetValueOrDefault(DicomTags.TransferSyntaxUid) is { Length: > 0 } ts ? ts : null, record.TransferSyntaxUid);
            Expect("Rows", NumberOrNull(parsed.Dataset, DicomTags.Rows), record.Rows?.ToString(CultureInfo.InvariantCulture));
            Expect("Columns", NumberOrNull(parsed.Dataset, DicomTags.Columns), record.Columns?.ToString(CultureInfo.InvariantCulture));
            Expect("NumberOfFrames", IntegerString(Dump(DicomTags.NumberOfFrames)), record.NumberOfFrames?.ToString(CultureInfo.InvariantCulture));
            Expect("InstanceNumber", IntegerString(Dump(DicomTags.InstanceNumber)), record.InstanceNumber?.ToString(CultureInfo.InvariantCulture));
            Expect("SliceThickness", DecimalString(Dump(DicomTags.SliceThickness)), record.SliceThickness?.ToString("R", CultureInfo.InvariantCulture));
        }

        Assert.True(failures.Count == 0, string.Join('\n', failures.Take(60)));
    }

    internal static DicomReadResult ReadWhole(string file)
    {
        using var stream = DicomReader.OpenFile(file);
        return DicomReader.Read(stream);
    }

    private static void CompareDataset(string path, List<DumpNode> dump, DicomDataset ours, DicomReadResult read, bool topLevel, List<string> problems)
    {
        var seen = new HashSet<DicomTag>();
        foreach (var node in dump)
        {
            if (topLevel && (node.Tag == DicomTags.PixelData || node.Tag == DicomTags.FloatPixelData || node.Tag == DicomTags.DoubleFloatPixelData)
                && read.PixelData?.Tag == node.Tag)
            {
                ComparePixelData(path, node, read.PixelData, problems);
                seen.Add(node.Tag);
                continue;
            }

            seen.Add(node.Tag);
            var element = ours.GetElement(node.Tag);
            var where = $"{path}/{node.Tag}";
            if (element is null)
            {
                problems.Add($"{where} {node.VR} is listed by dcmdump but missing from our dataset.");
                continue;
            }

            CompareElement(where, node, element, read, problems);
        }

        foreach (var element in ours)
        {
            if (!seen.Contains(element.Tag))
            {
                problems.Add($"{path}/{element.Tag} {element.VR} is in our dataset but not in dcmdump's listing.");
            }
        }
    }

    private static void CompareElement(string where, DumpNode node, DicomElement element, DicomReadResult read, List<string> problems)
    {
        var dcmtkVR = node.VR;
        if (dcmtkVR == "SQ")
        {
            if (!element.IsSequence)
            {
                problems.Add($"{where}: dcmdump reads a sequence, we read {element.VR}.");
                return;
            }

            if (node.Children.Count != element.Items.Count)
            {
                problems.Add($"{where}: dcmdump lists {node.Children.Count} item(s), we read {element.Items.Count}.");
                return;
            }

            for (var i = 0; i < element.Items.Count; i++)
            {
                CompareDataset($"{where}[{i}]", node.Children[i].Children, element.Items[i], read, topLevel: false, problems);
            }

            return;
        }

        if (element.IsSequence)
        {
            problems.Add($"{where}: we read a sequence, dcmdump reads {dcmtkVR}.");
            return;
        }

        // VRs come from the file for explicit syntaxes; for implicit ones both sides use a dictionary, and dcmtk also
        // knows private dictionaries, so only standard, unambiguous attributes are compared there.
        var entry = DicomDictionary.Find(element.Tag);
        var compareVR = read.TransferSyntax.IsExplicitVR
            || (!element.Tag.IsPrivate && entry is { IsAmbiguous: false } && dcmtkVR != "??");
        if (compareVR && dcmtkVR != element.VR.ToString() && !(dcmtkVR == "??" && element.VR == DicomVR.UN))
        {
            problems.Add($"{where}: VR {element.VR}, dcmdump says {dcmtkVR}.");
        }

        if (node.IsEmpty)
        {
            if (element.Value.Length > 0 && element.Value.Span.ContainsAnyExcept((byte)' ', (byte)0))
            {
                problems.Add($"{where}: dcmdump shows no value, we have {element.Value.Length} byte(s).");
            }

            return;
        }

        if (node.IsString)
        {
            var ours = Encoding.Latin1.GetString(element.Value.Span).TrimEnd(' ', '\0');
            var theirs = node.Value.TrimEnd(' ', '\0');
            if (!string.Equals(ours, theirs, StringComparison.Ordinal))
            {
                problems.Add($"{where} {dcmtkVR}: value [{Printable(ours)}], dcmdump says [{Printable(theirs)}].");
            }
            else if (dcmtkVR is "DS" or "IS")
            {
                CompareDecimalStrings(where, dcmtkVR, theirs, element, problems);
            }

            return;
        }

        if (dcmtkVR is "US" or "SS" or "UL" or "SL" or "SV" or "UV" or "FL" or "FD" or "AT")
        {
            CompareBinaryNumbers(where, dcmtkVR, node.Value.Split('\\'), element, problems);
        }
    }

    /// <summary>
    /// Binary numbers as our reader decodes them (byte order included) against dcmdump's print: integers exactly,
    /// FL printed with 9 and FD with 17 significant digits (both round-trip), AT as (gggg,eeee).
    /// </summary>
    private static void CompareBinaryNumbers(string where, string vr, string[] expected, DicomElement element, List<string> problems)
    {
        if (element.ValueMultiplicity != expected.Length)
        {
            problems.Add($"{where} {vr}: {element.ValueMultiplicity} value(s), dcmdump lists {expected.Length}.");
            return;
        }

        for (var i = 0; i < expected.Length; i++)
        {
            var theirs = expected[i];
            bool same;
            string ours;
            switch (vr)
            {
                case "FL":
                    element.TryGetBinaryFloat(i, out var single);
                    ours = ((float)single).ToString("R", CultureInfo.InvariantCulture);
                    same = float.TryParse(theirs, NumberStyles.Float, CultureInfo.InvariantCulture, out var expectedSingle)
                        ? expectedSingle.Equals((float)single)
                        : float.IsNaN((float)single) && theirs.Contains("nan", StringComparison.OrdinalIgnoreCase);
                    break;
                case "FD":
                    element.TryGetBinaryFloat(i, out var dbl);
                    ours = dbl.ToString("R", CultureInfo.InvariantCulture);
                    same = double.TryParse(theirs, NumberStyles.Float, CultureInfo.InvariantCulture, out var expectedDouble)
                        ? expectedDouble.Equals(dbl)
                        : double.IsNaN(dbl) && theirs.Contains("nan", StringComparison.OrdinalIgnoreCase);
                    break;
                case "AT":
                    var pair = element.Value.Span.Slice(i * 4, 4);
                    ours = $"({BitConverter.ToUInt16(pair):x4},{BitConverter.ToUInt16(pair[2..]):x4})";
                    same = string.Equals(ours, theirs, StringComparison.Ordinal);
                    break;
                default:
                    element.TryGetBinaryInteger(i, out var integer);
                    ours = vr == "UV" ? ((ulong)integer).ToString(CultureInfo.InvariantCulture) : integer.ToString(CultureInfo.InvariantCulture);
                    same = string.Equals(ours, theirs, StringComparison.Ordinal);
                    break;
            }

            if (!same)
            {
                problems.Add($"{where} {vr}: value {i} is {ours}, dcmdump says {theirs}.");
            }
        }
    }

    /// <summary>DS and IS read as numbers by our parser give what the text dcmdump prints says, value by value.</summary>
    private static void CompareDecimalStrings(string where, string vr, string text, DicomElement element, List<string> problems)
    {
        var values = text.Split('\\');
        for (var i = 0; i < values.Length; i++)
        {
            if (!double.TryParse(values[i].Trim(' ', '\0'), NumberStyles.Float, CultureInfo.InvariantCulture, out var expected) || !double.IsFinite(expected))
            {
                continue;
            }

            if (!element.TryGetAsciiValue(i, out var ascii) || !DicomNumber.TryParseDecimalString(ascii, out var ours) || !ours.Equals(expected))
            {
                problems.Add($"{where} {vr}: value {i} [{values[i]}] is not read as {expected.ToString("R", CultureInfo.InvariantCulture)}.");
            }
            else if (vr == "IS" && (expected != Math.Floor(expected)))
            {
                problems.Add($"{where} IS: value {i} [{values[i]}] is not an integer.");
            }
        }
    }

    /// <summary>
    /// Text compared decoded, not as bytes: dcmdump +U8 converts every value through its Specific Character Set
    /// (items may switch sets), and our decoding of each text VR must give the same characters.
    /// </summary>
    [Fact]
    public void DecodedTextMatchesDcmdumpUtf8Conversion()
    {
        var dcmdump = ExternalTool.Dcmdump;
        var failures = new List<string>();
        var files = 0;
        var values = 0;
        var nonAscii = 0;
        foreach (var file in TestCorpus.AllFiles())
        {
            var dump = ExternalTool.Run(dcmdump, ["+U8", "+L", "-Un", file], Encoding.UTF8);
            if (dump.ExitCode != 0 || dump.StandardError.Contains("E: ", StringComparison.Ordinal) || dump.StandardError.Contains("W: ", StringComparison.Ordinal))
            {
                // dcmtk could not read or convert it (ISO 2022 Japanese without ICU, damaged files): CharacterSetTests covers those.
                continue;
            }

            files++;
            var read = ReadWhole(file);
            CompareText(TestCorpus.Relative(file), DcmdumpOutput.Parse(dump.StandardOutput).Dataset, read.Dataset, failures, ref values, ref nonAscii);
        }

        Assert.True(failures.Count == 0, $"{failures.Count} decoded text difference(s) with dcmdump +U8:\n" + string.Join('\n', failures.Take(60)));
        Assert.True(files > 80, $"only {files} files could be converted by dcmdump +U8");
        Assert.True(nonAscii >= 10, $"only {nonAscii} of {values} compared values were outside ASCII");
    }

    private static void CompareText(string path, List<DumpNode> dump, DicomDataset ours, List<string> failures, ref int values, ref int nonAscii)
    {
        foreach (var node in dump)
        {
            if (ours.GetElement(node.Tag) is not { } element)
            {
                continue;
            }

            if (node.VR == "SQ" && element.IsSequence && node.Children.Count == element.Items.Count)
            {
                for (var i = 0; i < element.Items.Count; i++)
                {
                    CompareText($"{path}/{node.Tag}[{i}]", node.Children[i].Children, element.Items[i], failures, ref values, ref nonAscii);
                }

                continue;
            }

            if (!node.IsString || !element.VR.UsesCharacterSet || node.Tag.IsPrivate)
            {
                continue;
            }

            var theirs = node.Value.TrimEnd(' ', '\0');
            var decoded = element.GetString(ours.CharacterSet).TrimEnd(' ', '\0');
            values++;
            if (theirs.Any(c => c > '~'))
            {
                nonAscii++;
            }

            if (!string.Equals(decoded, theirs, StringComparison.Ordinal))
            {
                failures.Add($"{path}/{node.Tag} {node.VR}: we decode [{Printable(decoded)}], dcmdump +U8 says [{Printable(theirs)}].");
            }
        }
    }

    private static void ComparePixelData(string path, DumpNode node, DicomPixelDataInfo info, List<string> problems)
    {
        if (node.Value.StartsWith("(PixelSequence", StringComparison.Ordinal))
        {
            if (!info.IsEncapsulated)
            {
                problems.Add($"{path}/{node.Tag}: dcmdump reads encapsulated pixel data, we read native.");
            }
            else if (info.FragmentCount != node.Children.Count)
            {
                problems.Add($"{path}/{node.Tag}: {info.FragmentCount} fragment(s), dcmdump lists {node.Children.Count}.");
            }
        }
        else if (info.IsEncapsulated)
        {
            problems.Add($"{path}/{node.Tag}: we read encapsulated pixel data, dcmdump reads native.");
        }
    }

    private static string Printable(string text) => text.Length > 80 ? text[..80] + "..." : text;

    private static string FirstError(string stderr) =>
        stderr.Split('\n').FirstOrDefault(l => l.StartsWith("E:", StringComparison.Ordinal) || l.StartsWith("F:", StringComparison.Ordinal))?.Trim() ?? "non-zero exit";

    private static string? NumberOrNull(List<DumpNode> dataset, DicomTag tag) =>
        dataset.FirstOrDefault(n => n.Tag == tag) is { IsEmpty: false } node && node.VR == "US" ? node.Value.Split('\\')[0] : null;

    private static string? IntegerString(string? text) =>
        text is not null && int.TryParse(text.Split('\\')[0].Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value) ? value.ToString(CultureInfo.InvariantCulture) : null;

    private static string? DecimalString(string? text) =>
        text is not null && double.TryParse(text.Split('\\')[0].Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var value) ? value.ToString("R", CultureInfo.InvariantCulture) : null;
}
