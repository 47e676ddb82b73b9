namespace Eucaim.Dicom;

/// <summary>The patient, study, series and instance fields the platform indexes for one file.</summary>
public sealed record DicomIndexRecord
{
    public string? PatientId { get; init; }

    public string? PatientName { get; init; }

    public DateOnly? PatientBirthDate { get; init; }

    public string? PatientSex { get; init; }

    public string? PatientAge { get; init; }

    public string? StudyInstanceUid { get; init; }

    public DateOnly? StudyDate { get; init; }

    public TimeOnly? StudyTime { get; init; }

    public string? StudyDescription { get; init; }

    public string? StudyId { get; init; }

    public string? AccessionNumber { get; init; }

    public string? ReferringPhysicianName { get; init; }

    public string? SeriesInstanceUid { get; init; }

    public int? SeriesNumber { get; init; }

    public DateOnly? SeriesDate { get; init; }

    public string? SeriesDescription { get; init; }

    public DateOnly? PerformedProcedureStepStartDate { get; init; }

    public TimeOnly? PerformedProcedureStepStartTime { get; init; }

    public string? Modality { get; init; }

    public string? BodyPartExamined { get; init; }

    public string? Manufacturer { get; init; }

    public string? ManufacturerModelName { get; init; }

    public string? FrameOfReferenceUid { get; init; }

    public string? SopClassUid { get; init; }

    public string? SopInstanceUid { get; init; }

    public int? InstanceNumber { get; init; }

    public string? TransferSyntaxUid { get; init; }

    public int? Rows { get; init; }

    public int? Columns { get; init; }

    public int? NumberOfFrames { get; init; }

    public int? SamplesPerPixel { get; init; }

    public int? BitsAllocated { get; init; }

    public double? SliceThickness { get; init; }

    public double? SpacingBetweenSlices { get; init; }

    public IReadOnlyList<double>? PixelSpacing { get; init; }

    public IReadOnlyList<double>? ImagePositionPatient { get; init; }

    public IReadOnlyList<double>? ImageOrientationPatient { get; init; }

    public string? BurnedInAnnotation { get; init; }

    /// <summary>Declared pixel data length; null when absent or encapsulated.</summary>
    public long? PixelDataLength { get; init; }

    /// <summary>The configurable attributes, keyed by keyword (or by tag text for private attributes).</summary>
    public IReadOnlyDictionary<string, string?> Additional { get; init; } = new Dictionary<string, string?>();
}
