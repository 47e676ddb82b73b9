namespace Eucaim.Dicom;

/// <summary>Completeness and geometry of one series.</summary>
public sealed record DicomSeriesQuality
{
    public required string SeriesInstanceUid { get; init; }

    public string? StudyInstanceUid { get; init; }

    public string? Modality { get; init; }

    public int InstanceCount { get; init; }

    public int? FirstInstanceNumber { get; init; }

    public int? LastInstanceNumber { get; init; }

    /// <summary>Instance numbers absent between the first and last present.</summary>
    public IReadOnlyList<int> MissingInstanceNumbers { get; init; } = [];

    public IReadOnlyList<int> DuplicateInstanceNumbers { get; init; } = [];

    public bool IsComplete => MissingInstanceNumbers.Count == 0 && DuplicateInstanceNumbers.Count == 0;

    /// <summary>Null when fewer than three single-frame instances have a position and orientation.</summary>
    public DicomSliceSpacing? SliceSpacing { get; init; }

    /// <summary>Image sizes as "rows x columns", with how many instances have each.</summary>
    public IReadOnlyDictionary<string, int> ImageSizes { get; init; } = new Dictionary<string, int>();
}
