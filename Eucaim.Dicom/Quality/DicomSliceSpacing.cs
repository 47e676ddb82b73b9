namespace Eucaim.Dicom;

/// <summary>Distances between consecutive slice positions along the slice normal, in millimetres.</summary>
public sealed record DicomSliceSpacing(double Minimum, double Maximum, double Median, bool IsConsistent);
