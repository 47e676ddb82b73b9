using Eucaim.Dicom;

namespace Eucaim.Core.Ingest;

/// <summary>What became of one file offered to a draft version.</summary>
public sealed record StoreOutcome(
    IngestFileState State,
    IReadOnlyList<DicomFinding> Findings,
    DicomIndexRecord? Record = null,
    string? Sha256 = null,
    long Size = 0,
    string? Path = null)
{
    public string? SopInstanceUid => Record?.SopInstanceUid;

    public bool IsInVersion => State is IngestFileState.Stored or IngestFileState.Duplicate;
}
