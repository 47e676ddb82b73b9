namespace Eucaim.Core.Catalogue;

/// <summary>
/// The DICOM Modality (0008,0060) codes a dataset may declare: the acquisition modalities of
/// PS3.16 CID 29 plus the derived-object codes catalogues meet in practice (SEG, SR, RTSTRUCT…).
/// A code outside this list is a typo, not a new modality, so it is refused.
/// </summary>
public static class DicomModalities
{
    public static IReadOnlySet<string> Codes { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        "AR", "AS", "ASMT", "AU", "BDUS", "BI", "BMD", "CD", "CF", "CP", "CR", "CS", "CT", "DD", "DF", "DG", "DM",
        "DOC", "DS", "DX", "EC", "ECG", "EPS", "ES", "FA", "FID", "FS", "GM", "HC", "HD", "IO", "IOL", "IVOCT",
        "IVUS", "KER", "KO", "LEN", "LP", "LS", "MA", "MG", "MR", "MS", "NM", "OAM", "OCT", "OP", "OPM", "OPR",
        "OPT", "OPTBSV", "OPTENF", "OPV", "OSS", "OT", "PLAN", "POS", "PR", "PT", "PX", "REG", "RESP", "RF", "RG",
        "RTDOSE", "RTIMAGE", "RTINTENT", "RTPLAN", "RTRAD", "RTRECORD", "RTSEGANN", "RTSTRUCT", "RWV", "SEG",
        "SM", "SMR", "SR", "SRF", "ST", "STAIN", "TEXTUREMAP", "TG", "US", "VA", "VF", "XA", "XC",
    };

    /// <summary>The canonical (upper-case) code, or null when <paramref name="value"/> is no DICOM modality.</summary>
    public static string? Canonical(string? value)
    {
        var code = value?.Trim().ToUpperInvariant();
        return code is not null && Codes.Contains(code) ? code : null;
    }
}
