using System.Globalization;
using Eucaim.Core.Audit;
using Eucaim.Core.Exports.Screening;
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
        ["findings"] = Summary(export.Findings),
    });

    public static AuditEntry Decided(Actor actor, ExportRequest export) => Entry(actor, AuditActions.ExportDecided, export, new Dictionary<string, string?>
    {
        ["decision"] = export.Status == ExportStatus.Rejected ? "rejected" : "approved",
        ["note"] = export.DecisionNote,
        ["files"] = string.Join(", ", export.Files),
        ["findings"] = Summary(export.Findings),
        ["override"] = export.OverrideJustification is null ? null : "true",
        ["overrideJustification"] = export.OverrideJustification,
        ["overriddenFindings"] = export.OverrideJustification is null ? null : Summary([.. export.Findings.Where(f => f.Severity == FindingSeverity.Blocking)]),
    });

    /// <summary>The findings as the trail keeps them: file, code and severity, never a found value.</summary>
    private static string Summary(List<ExportFinding> findings) =>
        findings.Count == 0 ? "none" : string.Join("; ", findings.Select(f => $"{f.File}: {f.Code} ({f.Severity.ToString().ToLowerInvariant()})"));

    public static AuditEntry LinksIssued(Actor actor, ExportRequest export) => Entry(actor, AuditActions.ExportDownloaded, export, new Dictionary<string, string?>
    {
        ["files"] = string.Join(", ", export.Files),
        ["linkMinutes"] = ((int)ExportLinks.Lifetime.TotalMinutes).ToString(CultureInfo.InvariantCulture),
    });

    /// <summary>A reviewer read a file of the request before deciding: raw outputs leave the bubble's storage only to a reviewer's eyes.</summary>
    public static AuditEntry FileRead(Actor actor, ExportRequest export, string file) => Entry(actor, AuditActions.ExportFileRead, export, new Dictionary<string, string?>
    {
        ["file"] = file,
    });

    private static AuditEntry Entry(Actor actor, string action, ExportRequest export, Dictionary<string, string?> details) => actor.Audit(action) with
    {
        TenantSlug = export.TenantSlug,
        TargetType = "export",
        TargetId = export.Id.ToString(),
        Details = details,
    };
}
