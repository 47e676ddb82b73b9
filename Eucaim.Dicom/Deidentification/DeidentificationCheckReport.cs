namespace Eucaim.Dicom;

/// <summary>Residual identifying information found in a dataset that is declared (or expected to be) de-identified.</summary>
public sealed record DeidentificationCheckReport(IReadOnlyList<DicomFinding> Findings)
{
    /// <summary>True when the platform must refuse the data as not de-identified.</summary>
    public bool HasResidualIdentifyingInformation => Findings.Any(f => f.Severity == DicomFindingSeverity.Error);
}
