using Eucaim.Core.Audit;
using Eucaim.Core.Identity;

namespace Eucaim.Core.Ingest;

/// <summary>The audit entries of uploads and ingests, shared by the API (uploads, STOW-RS) and the ingest worker.</summary>
public static class IngestAudit
{
    public const string WorkerActor = "system:ingest";

    public static AuditEntry UploadCreated(Upload upload, string? clientAddress) =>
        new(AuditActions.UploadCreated, upload.CreatedBy)
        {
            DatasetId = upload.DatasetId,
            TargetType = "upload",
            TargetId = upload.Id.ToString(),
            ClientAddress = clientAddress,
            Details = new Dictionary<string, string?>
            {
                ["ingest"] = upload.IngestId.ToString(),
                ["length"] = upload.Length.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["fileName"] = upload.FileName,
                ["originalFileName"] = upload.OriginalFileName != upload.FileName ? upload.OriginalFileName : null,
            },
        };

    /// <summary>An upload whose bytes are all in: a success, or a failure when they do not hash to the declared SHA-256.</summary>
    public static AuditEntry UploadCompleted(Upload upload) =>
        new(AuditActions.UploadCompleted, upload.CreatedBy)
        {
            Outcome = upload.State == UploadState.Complete ? AuditOutcomes.Success : AuditOutcomes.Failure,
            DatasetId = upload.DatasetId,
            TargetType = "upload",
            TargetId = upload.Id.ToString(),
            Details = new Dictionary<string, string?>
            {
                ["ingest"] = upload.IngestId.ToString(),
                ["sha256"] = upload.Sha256,
                ["reason"] = upload.FailureReason,
            },
        };

    public static AuditEntry IngestCompleted(IngestJob job) =>
        new(AuditActions.IngestCompleted, WorkerActor)
        {
            DatasetId = job.DatasetId,
            TargetType = "ingest",
            TargetId = job.Id.ToString(),
            Details = new Dictionary<string, string?>
            {
                ["version"] = job.VersionNumber.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["files"] = job.FilesTotal?.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["requestedBy"] = job.CreatedBy,
                ["attempts"] = job.Attempts.ToString(System.Globalization.CultureInfo.InvariantCulture),
            },
        };

    /// <summary>An ingest given up (deleted) before it put anything into the draft; its uploads' blobs are swept.</summary>
    public static AuditEntry IngestAbandoned(IngestJob job, Actor actor, int uploads, string reason) =>
        actor.Audit(AuditActions.IngestAbandoned) with
        {
            DatasetId = job.DatasetId,
            TargetType = "ingest",
            TargetId = job.Id.ToString(),
            Details = new Dictionary<string, string?>
            {
                ["state"] = job.State.ToString(),
                ["uploads"] = uploads.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["requestedBy"] = job.CreatedBy,
                ["reason"] = reason,
            },
        };

    /// <summary>Instances pushed with STOW-RS: one entry per request, with what was stored and refused.</summary>
    public static AuditEntry StowReceived(string actor, Guid datasetId, int version, int stored, int failed, string? clientAddress) =>
        new(AuditActions.UploadCompleted, actor)
        {
            Outcome = stored > 0 ? AuditOutcomes.Success : AuditOutcomes.Failure,
            DatasetId = datasetId,
            TargetType = "stow-rs",
            TargetId = $"{datasetId}/v{version}",
            ClientAddress = clientAddress,
            Details = new Dictionary<string, string?>
            {
                ["stored"] = stored.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["failed"] = failed.ToString(System.Globalization.CultureInfo.InvariantCulture),
            },
        };
}
