namespace Eucaim.Workers.Platform;

/// <summary>
/// The single-instance work of Workers, one lease each: different replicas may hold different
/// leases, so the work spreads while each piece runs in exactly one place. On a cluster these are
/// the names of the <c>coordination.k8s.io</c> Lease objects in the platform's namespace.
/// </summary>
public static class LeaseNames
{
    public const string JobDispatcher = "eucaim-job-dispatcher";

    public const string TenantProvisioner = "eucaim-tenant-provisioner";

    public const string IngestExpirySweeper = "eucaim-ingest-expiry-sweeper";

    public const string GrantExpirySweeper = "eucaim-grant-expiry-sweeper";

    public const string BlobSweeper = "eucaim-blob-sweeper";

    public const string DicomIndexBackfill = "eucaim-dicom-index-backfill";

    public const string AuditDenialFolder = "eucaim-audit-denial-folder";

    public const string AuditCheckpointWriter = "eucaim-audit-checkpoint-writer";

    public const string FederatedTrainingCoordinator = "eucaim-federated-training-coordinator";

    public static readonly IReadOnlyList<string> All =
        [JobDispatcher, TenantProvisioner, IngestExpirySweeper, GrantExpirySweeper, BlobSweeper, DicomIndexBackfill, AuditDenialFolder, AuditCheckpointWriter,
        FederatedTrainingCoordinator];
}
