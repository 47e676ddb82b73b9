using Eucaim.Core.Audit;
using Eucaim.Core.Data;
using Eucaim.Core.Identity;
using Eucaim.Core.Jobs;

namespace Eucaim.Api.Jobs;

/// <summary>The audit entries of the job and airlock endpoints; written in the same transaction as the change they record.</summary>
internal static class JobAudit
{
    public static Task SubmittedAsync(HttpContext http, EucaimDbContext db, Job job, CancellationToken cancellationToken) =>
        Trail(http).RecordAsync(db, Entry(http, AuditActions.JobSubmitted, job) with
        {
            Details = new Dictionary<string, string?>
            {
                ["name"] = job.Name,
                ["image"] = job.Image,
                ["digest"] = job.ImageDigest,
                ["flavor"] = job.Flavor,
                ["datasets"] = KubernetesDatasets(job),
                ["maxRuntimeMinutes"] = job.MaxRuntimeMinutes.ToString(System.Globalization.CultureInfo.InvariantCulture),
            },
        }, cancellationToken);

    public static Task RefusedAsync(HttpContext http, string tenantSlug, IReadOnlyList<JobRefusal> refusals, CancellationToken cancellationToken) =>
        Trail(http).RecordAsync(new AuditEntry(AuditActions.JobRefused, Actor(http))
        {
            Outcome = AuditOutcomes.Denied,
            TenantSlug = tenantSlug,
            TargetType = "job",
            ClientAddress = http.Connection.RemoteIpAddress?.ToString(),
            Details = refusals.Select((r, i) => (r, i)).ToDictionary(x => $"refusal{x.i}", x => (string?)$"{x.r.Field}: {x.r.Rule}"),
        }, cancellationToken);

    public static Task CancelRequestedAsync(HttpContext http, EucaimDbContext db, Job job, CancellationToken cancellationToken) =>
        Trail(http).RecordAsync(db, Entry(http, AuditActions.JobCancelled, job), cancellationToken);

    public static Task ExportRequestedAsync(HttpContext http, EucaimDbContext db, ExportRequest export, CancellationToken cancellationToken) =>
        Trail(http).RecordAsync(db, ExportEntry(http, AuditActions.ExportRequested, export, new Dictionary<string, string?>
        {
            ["job"] = export.JobId.ToString(),
            ["files"] = string.Join(", ", export.Files),
            ["justification"] = export.Justification,
        }), cancellationToken);

    public static Task ExportDecidedAsync(HttpContext http, EucaimDbContext db, ExportRequest export, CancellationToken cancellationToken) =>
        Trail(http).RecordAsync(db, ExportEntry(http, AuditActions.ExportDecided, export, new Dictionary<string, string?>
        {
            ["decision"] = export.Status == ExportStatus.Rejected ? "rejected" : "approved",
            ["note"] = export.DecisionNote,
            ["files"] = string.Join(", ", export.Files),
        }), cancellationToken);

    public static Task DownloadLinksIssuedAsync(HttpContext http, ExportRequest export, CancellationToken cancellationToken) =>
        Trail(http).RecordAsync(ExportEntry(http, AuditActions.ExportDownloaded, export, new Dictionary<string, string?>
        {
            ["files"] = string.Join(", ", export.Files),
            ["linkMinutes"] = ((int)Airlock.ExportLinks.Lifetime.TotalMinutes).ToString(System.Globalization.CultureInfo.InvariantCulture),
        }), cancellationToken);

    private static AuditEntry Entry(HttpContext http, string action, Job job) => new(action, Actor(http))
    {
        TenantSlug = job.TenantSlug,
        TargetType = "job",
        TargetId = job.Id.ToString(),
        ClientAddress = http.Connection.RemoteIpAddress?.ToString(),
    };

    private static AuditEntry ExportEntry(HttpContext http, string action, ExportRequest export, Dictionary<string, string?> details) => new(action, Actor(http))
    {
        TenantSlug = export.TenantSlug,
        TargetType = "export",
        TargetId = export.Id.ToString(),
        ClientAddress = http.Connection.RemoteIpAddress?.ToString(),
        Details = details,
    };

    private static string KubernetesDatasets(Job job) => string.Join(",", job.Datasets.Select(d => $"{d.DatasetId}:v{d.Version}"));

    private static string Actor(HttpContext http) => PlatformIdentity.From(http.User).Subject ?? "anonymous";

    private static IAuditTrail Trail(HttpContext http) => http.RequestServices.GetRequiredService<IAuditTrail>();
}
