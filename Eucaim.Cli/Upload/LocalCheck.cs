using System.IO.Compression;
using System.Text.Json.Serialization;
using Eucaim.Cli.Platform;
using Eucaim.Dicom;

namespace Eucaim.Cli.Upload;

/// <summary>
/// The checks the platform's ingest runs, run on the data holder's machine before a byte leaves it:
/// structure and required attributes (<see cref="DicomIntegrityChecker"/>), residual identifying
/// information (<see cref="DeidentificationChecker"/>, the same rules as the ingest's) and SOP Instance
/// UIDs given twice. Each file is read once, pixel data walked but never loaded.
/// </summary>
internal static class LocalCheck
{
    public static LocalCheckReport Run(SourceFiles sources, bool identifiersAllowed, int parallelism, Action<int>? checkedFiles = null)
    {
        // Plain threads taking the next file: Parallel.ForEach costs more to start (10–15 ms) than a
        // folder of a thousand files takes to check, and every run of the tool pays its start-up.
        var files = sources.Files;
        var results = new CheckedFile[files.Count];
        var next = -1;
        var done = 0;
        void Work()
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < files.Count)
            {
                results[i] = CheckFile(files[i].FullPath, files[i].Name);
                checkedFiles?.Invoke(Interlocked.Increment(ref done));
            }
        }

        var helpers = Enumerable.Range(0, Math.Clamp(Math.Min(parallelism, files.Count) - 1, 0, 63)).Select(_ => new Thread(Work) { IsBackground = true }).ToList();
        helpers.ForEach(t => t.Start());
        Work();
        helpers.ForEach(t => t.Join());

        var all = new List<CheckedFile>(results);
        foreach (var archive in sources.Archives)
        {
            all.AddRange(CheckArchive(archive));
        }

        all.Sort((a, b) => string.CompareOrdinal(a.Name, b.Name));
        return LocalCheckReport.Of(all, identifiersAllowed);
    }

    public static CheckedFile CheckFile(string path, string name)
    {
        try
        {
            using var stream = DicomReader.OpenFile(path);
            return Check(stream, name);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return new CheckedFile(name, null, true, [new DicomFinding(DicomFindingCodes.ReadError, DicomFindingSeverity.Error, null, $"The file could not be read: {e.Message}")], []);
        }
    }

    private static IEnumerable<CheckedFile> CheckArchive(SourceFile archive)
    {
        ZipArchive zip;
        try
        {
            zip = ZipFile.OpenRead(archive.FullPath);
        }
        catch (InvalidDataException e)
        {
            return [new CheckedFile(archive.Name, null, true, [new DicomFinding(DicomFindingCodes.ReadError, DicomFindingSeverity.Error, null, $"The archive could not be read: {e.Message}")], [])];
        }

        using (zip)
        {
            var checkedEntries = new List<CheckedFile>();
            foreach (var entry in zip.Entries.Where(e => !e.FullName.EndsWith('/')))
            {
                using var stream = entry.Open();
                checkedEntries.Add(Check(stream, $"{archive.Name}/{entry.FullName}"));
            }

            return checkedEntries;
        }
    }

    private static CheckedFile Check(Stream stream, string name)
    {
        var read = DicomReader.Read(stream);
        if (!read.IsDicom)
        {
            return new CheckedFile(name, null, false, [], []);
        }

        var integrity = read.Findings.Concat(DicomIntegrityChecker.CheckContent(read)).ToList();
        var identifying = read.IsComplete ? new DeidentificationChecker().Check(read.Dataset).Findings : [];
        var uid = read.Dataset.GetString(DicomTags.SopInstanceUid);
        return new CheckedFile(name, string.IsNullOrEmpty(uid) ? null : uid, true, integrity, identifying);
    }
}

/// <summary>One file's check: its integrity findings and its residual identifying information.</summary>
internal sealed record CheckedFile(string Name, string? SopInstanceUid, bool IsDicom, IReadOnlyList<DicomFinding> Integrity, IReadOnlyList<DicomFinding> Identifying);

/// <summary>A problem that stops the upload (or, for identifying information the platform removes, a warning): the file and what is wrong.</summary>
internal sealed record CheckProblem(string File, string Code, string? Attribute, string Message)
{
    public override string ToString() => $"{File}: {Message}";

    public static CheckProblem Of(string file, DicomFinding finding) =>
        new(file, finding.Code, finding.Tag is { } tag ? $"{DicomDictionary.KeywordOf(tag)} {tag}" : null, finding.Message);
}

/// <summary>What the local check found: files refused, warnings, files skipped as not DICOM.</summary>
internal sealed record LocalCheckReport(int FilesChecked, int DicomFiles, IReadOnlyList<string> NotDicom, IReadOnlyList<CheckProblem> Problems, IReadOnlyList<CheckProblem> Warnings)
{
    /// <summary>Every file checked, for naming the file behind an instance the platform refuses (not printed: --json lists the problems).</summary>
    [JsonIgnore]
    public IReadOnlyList<CheckedFile> Files { get; private init; } = [];

    public bool Passed => Problems.Count == 0;

    /// <summary>The files given less those that are not DICOM (left out, as the ingest would); none left is a refusal.</summary>
    public SourceFiles DicomOf(SourceFiles sources)
    {
        var notDicom = NotDicom.ToHashSet(StringComparer.Ordinal);
        var dicom = sources with { Files = [.. sources.Files.Where(f => !notDicom.Contains(f.Name))] };
        return dicom.Files.Count > 0 || dicom.Archives.Count > 0
            ? dicom
            : throw new CliException(ExitCodes.DataRefused, "none of the files given is DICOM: nothing to send");
    }

    public static LocalCheckReport Of(IReadOnlyList<CheckedFile> files, bool identifiersAllowed)
    {
        var problems = new List<CheckProblem>();
        var warnings = new List<CheckProblem>();
        foreach (var file in files.Where(f => f.IsDicom))
        {
            foreach (var finding in file.Integrity)
            {
                (finding.Severity == DicomFindingSeverity.Error ? problems : warnings).Add(CheckProblem.Of(file.Name, finding));
            }

            foreach (var finding in file.Identifying)
            {
                // With the dataset's policy "deidentify" the platform removes what is left; otherwise it must not leave this machine.
                (finding.Severity == DicomFindingSeverity.Error && !identifiersAllowed ? problems : warnings).Add(CheckProblem.Of(file.Name, finding));
            }
        }

        foreach (var group in files.Where(f => f.SopInstanceUid is not null).GroupBy(f => f.SopInstanceUid!, StringComparer.Ordinal).Where(g => g.Count() > 1))
        {
            var names = group.Select(f => f.Name).ToList();
            problems.Add(new CheckProblem(names[0], DicomFindingCodes.DuplicateSopInstanceUid, "SOPInstanceUID (0008,0018)",
                $"{names.Count} files share one SOP Instance UID: {string.Join(", ", names)}."));
        }

        return new LocalCheckReport(files.Count, files.Count(f => f.IsDicom), [.. files.Where(f => !f.IsDicom).Select(f => f.Name)], problems, warnings) { Files = files };
    }
}
