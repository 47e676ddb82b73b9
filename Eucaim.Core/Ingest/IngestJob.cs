namespace Eucaim.Core.Ingest;

/// <summary>
/// One ingest of uploaded files into a dataset's draft version, and its row in the work queue:
/// workers claim <see cref="IngestState.Queued"/> jobs (or running ones whose lease ran out) with
/// <c>FOR UPDATE SKIP LOCKED</c>.
/// </summary>
public sealed class IngestJob
{
    public Guid Id { get; set; }

    public Guid DatasetId { get; set; }

    public required string OrganizationKey { get; set; }

    /// <summary>The draft version the instances go to (the number it will have once published).</summary>
    public int VersionNumber { get; set; }

    public IngestState State { get; set; }

    /// <summary>True when the ingest was opened explicitly for several uploads and is queued by <c>POST …/complete</c>.</summary>
    public bool IsSession { get; set; }

    /// <summary>Known once the uploads are unpacked; null before.</summary>
    public int? FilesTotal { get; set; }

    public int Attempts { get; set; }

    public string? LeasedBy { get; set; }

    /// <summary>A running job whose lease passed is taken over: its worker died or hung.</summary>
    public DateTimeOffset? LeaseExpiresAt { get; set; }

    /// <summary>The ingest report (JSON), written once every file is done.</summary>
    public string? Report { get; set; }

    public string? FailureReason { get; set; }

    public required string CreatedBy { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset? QueuedAt { get; set; }

    public DateTimeOffset? StartedAt { get; set; }

    public DateTimeOffset? CompletedAt { get; set; }
}
