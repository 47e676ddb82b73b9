namespace Eucaim.Core.Exports.Screening;

/// <summary>The codes of <see cref="ExportFinding"/>, and which of them block an approval.</summary>
public static class ExportFindingCodes
{
    public const string Dicom = "dicom-file";
    public const string Nifti = "nifti-file";
    public const string Archive = "archive-file";
    public const string Image = "image-file";
    public const string PatientId = "patient-id";
    public const string AccessionNumber = "accession-number";
    public const string StudyInstanceUid = "study-instance-uid";
    public const string SeriesInstanceUid = "series-instance-uid";
    public const string SopInstanceUid = "sop-instance-uid";
    public const string SmallCell = "small-cell";

    /// <summary>
    /// Image data of subjects, archives whose members are not screened, identifiers that lead to a
    /// person and counts small enough to single one out block. Pictures (plots are the usual output)
    /// and the platform's UIDs, which link a result to the dataset's instances but to nobody outside
    /// the platform, are warnings for the reviewer to weigh.
    /// </summary>
    public static FindingSeverity SeverityOf(string code) => code switch
    {
        Image or StudyInstanceUid or SeriesInstanceUid or SopInstanceUid => FindingSeverity.Warning,
        _ => FindingSeverity.Blocking,
    };
}
