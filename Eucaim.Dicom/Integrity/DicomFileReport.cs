namespace Eucaim.Dicom;

/// <summary>The integrity check of one file.</summary>
public sealed record DicomFileReport(string? Source, string? SopInstanceUid, bool IsDicom, IReadOnlyList<DicomFinding> Findings)
{
    public bool HasErrors => Findings.Any(f => f.Severity == DicomFindingSeverity.Error);
}
