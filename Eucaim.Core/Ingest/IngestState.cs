namespace Eucaim.Core.Ingest;

public enum IngestState
{
    /// <summary>A session still receiving uploads.</summary>
    Open,

    /// <summary>Waiting for a worker.</summary>
    Queued,

    Running,

    /// <summary>Every file is stored or rejected and the report is final.</summary>
    Completed,

    /// <summary>Nothing could be ingested (e.g. no upload completed); the reason says why.</summary>
    Failed,
}
