namespace Eucaim.Core.Ingest;

public enum IngestFileState
{
    Pending,

    /// <summary>Stored under the draft version and indexed.</summary>
    Stored,

    /// <summary>An identical copy of an instance the version already holds; nothing was written.</summary>
    Duplicate,

    /// <summary>Not DICOM, failed integrity, or refused by the de-identification policy; nothing was written.</summary>
    Rejected,
}
