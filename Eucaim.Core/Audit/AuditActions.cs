namespace Eucaim.Core.Audit;

/// <summary>
/// The names of audited actions: dotted, lowercase, past tense. Every component records with these
/// constants so that the log can be filtered by action.
/// </summary>
public static class AuditActions
{
    // Identity
    public const string UserFirstSeen = "user.first-seen";
    public const string AuthorizationFailed = "authorization.failed";

    // Catalogue
    public const string DatasetCreated = "dataset.created";
    public const string DatasetPublished = "dataset.published";
    public const string DatasetInvalidated = "dataset.invalidated";
    public const string DatasetDeleted = "dataset.deleted";
    public const string DatasetAccessPolicyChanged = "dataset.access-policy-changed";

    // Uploads and ingest
    public const string UploadCreated = "upload.created";
    public const string UploadCompleted = "upload.completed";
    public const string IngestStarted = "ingest.started";
    public const string IngestCompleted = "ingest.completed";
    public const string IngestFailed = "ingest.failed";
    public const string IngestAbandoned = "ingest.abandoned";

    // Access requests and grants
    public const string AccessRequestSubmitted = "access-request.submitted";
    public const string AccessRequestResubmitted = "access-request.resubmitted";
    public const string AccessRequestWithdrawn = "access-request.withdrawn";
    public const string AccessRequestDecided = "access-request.decided";
    public const string GrantCreated = "grant.created";
    public const string GrantRevoked = "grant.revoked";
    public const string GrantExpired = "grant.expired";
    public const string VisasIssued = "ga4gh.visas-issued";

    // Jobs
    public const string JobSubmitted = "job.submitted";
    public const string JobRefused = "job.refused";
    public const string JobStarted = "job.started";
    public const string JobFinished = "job.finished";
    public const string JobCancelled = "job.cancelled";
    public const string JobStopped = "job.stopped";
    public const string DatasetMounted = "dataset.mounted";

    // Airlock
    public const string ExportRequested = "export.requested";
    public const string ExportDecided = "export.decided";
    public const string ExportDownloaded = "export.downloaded";
    public const string ExportFileRead = "export.file-read";

    // Federation
    public const string FederationNodeRegistered = "federation.node-registered";
    public const string FederationNodeRevoked = "federation.node-revoked";
    public const string FederationCountsAsked = "federation.counts-asked";
    public const string FederationMessageRefused = "federation.message-refused";
    public const string FederationRunSubmitted = "federation.run-submitted";
    public const string FederationRunUpdated = "federation.run-updated";
    public const string FederationResultAccepted = "federation.result-accepted";
    public const string FederationResultRefused = "federation.result-refused";
    public const string FederationTrainingSubmitted = "federation.training-submitted";
    public const string FederationTrainingUpdated = "federation.training-updated";
    public const string FederationContributionAccepted = "federation.contribution-accepted";
    public const string FederationContributionRefused = "federation.contribution-refused";
    public const string FederationRoundClosed = "federation.round-closed";
    public const string FederationTrainingEnded = "federation.training-ended";

    // Federation, at a node
    public const string FederationRunReceived = "federation.run-received";
    public const string FederationRunRefusedAtNode = "federation.run-refused";
    public const string FederationRunStarted = "federation.run-started";
    public const string FederationRunFinished = "federation.run-finished";
    public const string FederationResultSent = "federation.result-sent";
    public const string FederationRunApproved = "federation.run-approved";
    public const string FederationRunDeclined = "federation.run-declined";
    public const string FederationResultReleased = "federation.result-released";
    public const string FederationResultWithheld = "federation.result-withheld";
    public const string FederationTrainingReceived = "federation.training-received";
    public const string FederationTrainingRefusedAtNode = "federation.training-refused";
    public const string FederationTrainingStarted = "federation.training-started";
    public const string FederationTrainingFinished = "federation.training-finished";
    public const string FederationWeightsSent = "federation.weights-sent";

    // Administration
    public const string TenantAdminAction = "admin.tenant";
    public const string FlavorAdminAction = "admin.flavor";
    public const string AdminAction = "admin.action";
    public const string AuditVerified = "audit.verified";
}
