using System.Globalization;
using Eucaim.Core.Audit;
using Eucaim.Core.Identity;

namespace Eucaim.Core.Jobs;

/// <summary>The audit entries of the job use cases; each is appended in the transaction of the change it records.</summary>
public static class JobAudit
{
    public static AuditEntry Submitted(Actor actor, Job job) => Entry(actor, AuditActions.JobSubmitted, job) with
    {
        Details = new Dictionary<string, string?>
        {
            ["name"] = job.Name,
            ["image"] = job.Image,
            ["digest"] = job.ImageDigest,
            ["flavor"] = job.Flavor,
            ["datasets"] = string.Join(",", job.Datasets.Select(d => $"{d.DatasetId}:v{d.Version}")),
            ["maxRuntimeMinutes"] = job.MaxRuntimeMinutes.ToString(CultureInfo.InvariantCulture),
        },
    };

    public static AuditEntry Refused(Actor actor, string tenantSlug, IReadOnlyList<JobRefusal> refusals) => actor.Audit(AuditActions.JobRefused) with
    {
        Outcome = AuditOutcomes.Denied,
        TenantSlug = tenantSlug,
        TargetType = "job",
        Details = refusals.Select((r, i) => (r, i)).ToDictionary(x => $"refusal{x.i}", x => (string?)$"{x.r.Field}: {x.r.Rule}"),
    };

    public static AuditEntry CancelRequested(Actor actor, Job job) => Entry(actor, AuditActions.JobCancelled, job);

    private static AuditEntry Entry(Actor actor, string action, Job job) => actor.Audit(action) with
    {
        TenantSlug = job.TenantSlug,
        TargetType = "job",
        TargetId = job.Id.ToString(),
    };
}
