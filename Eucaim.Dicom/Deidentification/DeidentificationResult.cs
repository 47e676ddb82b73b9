namespace Eucaim.Dicom;

/// <summary>Outcome of de-identifying one dataset or file.</summary>
public sealed record DeidentificationResult
{
    /// <summary>False when the input could not be de-identified safely; no usable output was produced then.</summary>
    public required bool Succeeded { get; init; }

    public required IReadOnlyList<DicomFinding> Findings { get; init; }

    public int RemovedAttributes { get; init; }

    public int ReplacedAttributes { get; init; }

    /// <summary>The SOP Instance UID of the de-identified instance.</summary>
    public string? SopInstanceUid { get; init; }
}
