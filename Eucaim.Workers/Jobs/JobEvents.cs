using System.Globalization;
using Eucaim.Core.Audit;
using Eucaim.Core.Jobs;

namespace Eucaim.Workers.Jobs;

/// <summary>
/// What the dispatcher records when a job starts (with one <c>dataset.mounted</c> entry per dataset,
/// so each data holder sees every use of their data) and when it ends, in the audit trail and the log.
/// </summary>
public sealed class JobEvents(IAuditTrail audit, ILogger<JobEvents> logger)
{
    public const string SystemActor = "system:jobs";

    public async Task StartedAsync(Job job, CancellationToken cancellationToken)
    {
        logger.LogInformation("Job {JobId} ({Name}) of {Tenant} started with {Datasets} dataset(s).", job.Id, job.Name, job.TenantSlug, job.Datasets.Count);
        await audit.RecordAsync(Entry(AuditActions.JobStarted, job) with
        {
            Details = new Dictionary<string, string?> { ["backendHandle"] = job.BackendHandle, ["image"] = job.Image, ["digest"] = job.ImageDigest, ["flavor"] = job.Flavor },
        }, cancellationToken);
        foreach (var dataset in job.Datasets)
        {
            await audit.RecordAsync(Entry(AuditActions.DatasetMounted, job) with
            {
                DatasetId = dataset.DatasetId,
                Details = new Dictionary<string, string?>
                {
                    ["job"] = job.Id.ToString(),
                    ["version"] = dataset.Version.ToString(CultureInfo.InvariantCulture),
                    ["grant"] = dataset.GrantId?.ToString(),
                    ["mountPath"] = $"/data/{dataset.MountName}",
                    ["readOnly"] = "true",
                },
            }, cancellationToken);
        }
    }

    public async Task FinishedAsync(Job job, CancellationToken cancellationToken)
    {
        logger.LogInformation("Job {JobId} ({Name}) of {Tenant} ended {Status}: {Reason}", job.Id, job.Name, job.TenantSlug, job.Status, job.Reason);
        await audit.RecordAsync(Entry(job.StopReason is null ? AuditActions.JobFinished : AuditActions.JobStopped, job) with
        {
            Outcome = job.Status == JobStatus.Succeeded ? AuditOutcomes.Success : AuditOutcomes.Failure,
            Details = new Dictionary<string, string?>
            {
                ["status"] = job.Status.ToString(),
                ["reason"] = job.Reason,
                ["exitCode"] = job.ExitCode?.ToString(CultureInfo.InvariantCulture),
                ["stopReason"] = job.StopReason,
            },
        }, cancellationToken);
    }

    private static AuditEntry Entry(string action, Job job) => new(action, SystemActor)
    {
        TenantSlug = job.TenantSlug,
        TargetType = "job",
        TargetId = job.Id.ToString(),
    };
}
