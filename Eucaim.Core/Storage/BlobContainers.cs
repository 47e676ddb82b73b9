namespace Eucaim.Core.Storage;

/// <summary>The blob containers of the platform and what each one holds (see docs/architecture.md).</summary>
public static class BlobContainers
{
    /// <summary>Uploads before validation; nothing here is visible to researchers.</summary>
    public const string Quarantine = "quarantine";

    /// <summary>Published dataset versions, written once: <c>{datasetId}/v{n}/…</c>.</summary>
    public const string Datasets = "datasets";

    /// <summary>Per-tenant outputs and homes: <c>{tenantSlug}/…</c>.</summary>
    public const string Tenants = "tenants";

    /// <summary>Archived job logs, so they outlive pods and processes.</summary>
    public const string Logs = "logs";

    /// <summary>Airlock packages approved for download.</summary>
    public const string Exports = "exports";

    /// <summary>The platform's own bookkeeping, such as the storage health probe.</summary>
    public const string System = "system";

    /// <summary>
    /// Signed checkpoints of the audit chain's head, written once and never overwritten; on Azure the
    /// container carries a time-based immutability policy, so not even the account's keys delete them.
    /// </summary>
    public const string Audit = "audit";

    public static IReadOnlyList<string> All { get; } = [Quarantine, Datasets, Tenants, Logs, Exports, System, Audit];
}
