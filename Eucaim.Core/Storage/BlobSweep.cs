namespace Eucaim.Core.Storage;

/// <summary>
/// A tombstone: every blob of <see cref="Container"/> whose name starts with <see cref="Prefix"/>
/// is to go. It is recorded in the same transaction that deletes the rows those blobs belonged to
/// (a draft dataset, an abandoned ingest, an ingested upload), so no deletion is ever forgotten:
/// the Workers' blob sweeper deletes the blobs, and only then the tombstone. A sweep interrupted
/// half-way (the Workers killed) is simply run again; deleting what is already gone is harmless.
/// </summary>
public sealed class BlobSweep
{
    public Guid Id { get; set; }

    /// <summary>One of <see cref="BlobContainers"/>.</summary>
    public required string Container { get; set; }

    /// <summary>Never empty (a check constraint refuses it): a sweep never takes a whole container.</summary>
    public required string Prefix { get; set; }

    /// <summary>Why the blobs go, for the operator reading the table or the log ("dataset … deleted").</summary>
    public required string Reason { get; set; }

    public DateTimeOffset RecordedAt { get; set; }

    /// <summary>When the sweeper next lists the prefix.</summary>
    public DateTimeOffset DueAt { get; set; }

    /// <summary>Passes made so far, and the blobs they deleted.</summary>
    public int Passes { get; set; }

    public long BlobsDeleted { get; set; }

    public DateTimeOffset? LastPassAt { get; set; }
}
