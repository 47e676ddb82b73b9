using System.Globalization;
using Eucaim.Core.Audit;
using Eucaim.Core.Identity;

namespace Eucaim.Core.Exports;

/// <summary>The audit entries of the airlock: every request, decision and issue of download links.</summary>
public static class ExportAudit
{
    public static AuditEntry Requested(Actor actor, ExportRequest export) => Entry(actor, AuditActions.ExportRequested, export, new Dictionary<string, string?>
    {
        ["job"] = export.JobId.ToString(),
        ["files"] = string.Join(", ", export.Files),
        ["justification"] = export.Justification,
    });

    public static AuditEntry Decided(Actor actor, ExportRequest export) => Entry(actor, AuditActions.ExportDecided, export, new Dictionary<string, string?>
    {
        ["decision"] = export.Status == ExportStatus.Rejected ? "rejected" : "approved",
        ["note"] = export.DecisionNote,
        ["files"] = string.Join(", ", export.Files),
    });

    public static AuditEntry LinksIssued(Actor actor, ExportRequest export) => Entry(actor, AuditActions.ExportDownloaded, export, new Dictionary<string, string?>
    {
        ["files"] = string.Join(", ", export.Files),
        ["linkMinutes"] = ((int)ExportLinks.Lifetime.TotalMinutes).ToString(CultureInfo.InvariantCulture),
    });

    private static AuditEntry Entry(Actor actor, string action, ExportRequest export, Dictionary<string, string?> details) => actor.Audit(action) with
    {
        TenantSlug = export.TenantSlug,
        TargetType = "export",
        TargetId = export.Id.ToString(),
        Details = details,
    };
}
