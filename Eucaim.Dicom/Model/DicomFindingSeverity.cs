namespace Eucaim.Dicom;

public enum DicomFindingSeverity
{
    Info,
    Warning,
    Error,
}
