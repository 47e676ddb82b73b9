namespace Eucaim.Core.Ingest;

// The DICOM index of a dataset version: one row per patient, study, series and instance, keyed by
// (dataset, version, UID) so that a UID is indexed exactly once per version however often a file
// is retried. QIDO-RS and the ingest report's quality summary read these.

public sealed class IndexedPatient
{
    public Guid DatasetId { get; set; }

    public int VersionNumber { get; set; }

    /// <summary>The empty string for instances without a Patient ID.</summary>
    public required string PatientId { get; set; }

    public string? PatientName { get; set; }

    public DateOnly? BirthDate { get; set; }

    public string? Sex { get; set; }
}

public sealed class IndexedStudy
{
    public Guid DatasetId { get; set; }

    public int VersionNumber { get; set; }

    public required string StudyInstanceUid { get; set; }

    public required string PatientId { get; set; }

    public DateOnly? StudyDate { get; set; }

    public TimeOnly? StudyTime { get; set; }

    public string? StudyDescription { get; set; }

    public string? StudyId { get; set; }

    public string? AccessionNumber { get; set; }

    public string? ReferringPhysicianName { get; set; }

    /// <summary>Which <see cref="DicomIndexRevision"/> filled the row; older rows wait for the backfill of the keys added since.</summary>
    public int IndexRevision { get; set; }
}

public sealed class IndexedSeries
{
    public Guid DatasetId { get; set; }

    public int VersionNumber { get; set; }

    public required string SeriesInstanceUid { get; set; }

    public required string StudyInstanceUid { get; set; }

    public string? Modality { get; set; }

    public int? SeriesNumber { get; set; }

    public string? SeriesDescription { get; set; }

    public string? BodyPartExamined { get; set; }

    /// <summary>Manufacturer (0008,0070) of the equipment, for federated counts; filled from <see cref="DicomIndexRevision.Manufacturer"/> on.</summary>
    public string? Manufacturer { get; set; }

    public DateOnly? PerformedProcedureStepStartDate { get; set; }

    public TimeOnly? PerformedProcedureStepStartTime { get; set; }

    /// <summary>Which <see cref="DicomIndexRevision"/> filled the row; older rows wait for the backfill of the keys added since.</summary>
    public int IndexRevision { get; set; }
}

public sealed class IndexedInstance
{
    public Guid DatasetId { get; set; }

    public int VersionNumber { get; set; }

    public required string SopInstanceUid { get; set; }

    public required string SeriesInstanceUid { get; set; }

    public required string StudyInstanceUid { get; set; }

    public string? SopClassUid { get; set; }

    public int? InstanceNumber { get; set; }

    public string? TransferSyntaxUid { get; set; }

    public int? Rows { get; set; }

    public int? Columns { get; set; }

    public int? NumberOfFrames { get; set; }

    public double[]? ImagePositionPatient { get; set; }

    public double[]? ImageOrientationPatient { get; set; }

    /// <summary>Relative to the version's prefix, as in the manifest: where staging puts the file.</summary>
    public required string Path { get; set; }

    /// <summary>
    /// The pack holding the instance's bytes (relative to the version's prefix, <see cref="Contracts.BlobLayout.Datasets.PackRelativePath"/>)
    /// at <see cref="PackOffset"/>; null for an instance stored as its own blob at <see cref="Path"/> (before packs).
    /// </summary>
    public string? Pack { get; set; }

    public long? PackOffset { get; set; }

    /// <summary>Set when the pack holds the instance as a raw deflate stream of this many bytes (<see cref="DeflatedInstances"/>); null when it holds the instance as it is.</summary>
    public long? DeflatedSize { get; set; }

    public required string Sha256 { get; set; }

    public long Size { get; set; }

    /// <summary>The ingest file that stored it; null for STOW-RS.</summary>
    public Guid? IngestFileId { get; set; }

    public Guid? IngestJobId { get; set; }

    public DateTimeOffset StoredAt { get; set; }
}
