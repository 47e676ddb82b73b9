namespace Eucaim.Dicom;

/// <summary>The integrity check of a set of files: each file's report plus what only shows across files.</summary>
public sealed record DicomSetReport(IReadOnlyList<DicomFileReport> Files, IReadOnlyList<DicomFinding> SetFindings)
{
    public IEnumerable<DicomFinding> AllFindings => Files.SelectMany(f => f.Findings).Concat(SetFindings);

    public bool HasErrors => AllFindings.Any(f => f.Severity == DicomFindingSeverity.Error);
}
