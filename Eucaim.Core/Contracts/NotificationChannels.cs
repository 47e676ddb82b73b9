namespace Eucaim.Core.Contracts;

/// <summary>
/// The PostgreSQL LISTEN/NOTIFY channels between Api and Workers. Each is sent inside the
/// transaction of the change it announces (so it is delivered exactly when the change commits), with
/// the id or slug of what changed as its payload. They only wake listeners early: every listener
/// also polls, so a lost notification delays work and never loses it.
/// </summary>
public static class NotificationChannels
{
    /// <summary>An ingest was queued (payload: the ingest id). The ingest workers listen.</summary>
    public const string IngestQueued = "ingest_queued";

    /// <summary>A tenant's desired state changed (payload: the tenant slug). The tenant provisioner listens.</summary>
    public const string TenantChanged = "tenant_changed";

    /// <summary>A job was submitted, cancelled or changed state (payload: the job id). The dispatcher listens.</summary>
    public const string JobChanged = "job_changed";

    /// <summary>A job's log grew (payload: the job id). The Api's live log followers listen.</summary>
    public const string JobLog = "job_log";

    /// <summary>A grant was revoked or expired (payload: the grant id). The dispatcher listens and stops the grant's jobs.</summary>
    public const string GrantEnded = "grant_ended";

    /// <summary>
    /// Blobs were given up (payload: the id of the deleted dataset, ingest or upload) and their
    /// tombstones recorded in <c>blob_sweeps</c>. The blob sweeper listens.
    /// </summary>
    public const string BlobSweepRecorded = "blob_sweep_recorded";

    /// <summary>A count query was queued for a federated node (payload: the node id). The Api's link polls of that node listen.</summary>
    public const string FederationQueued = "federation_queued";

    /// <summary>A federated node answered a count query (payload: the query id). The Api's waiting federated search listens.</summary>
    public const string FederationAnswered = "federation_answered";

    /// <summary>A node's part of a federated training round changed (no payload). The Workers' training coordinator listens.</summary>
    public const string FederationTraining = "federation_training";
}
