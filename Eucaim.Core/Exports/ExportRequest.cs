using Eucaim.Core.Exports.Screening;

namespace Eucaim.Core.Exports;

/// <summary>
/// An airlock request: a tenant member asks for chosen output files of a job to leave the bubble.
/// Only a reviewer's approval copies them to the <c>exports</c> container, the one place from which
/// short-lived download links are issued.
/// </summary>
public sealed class ExportRequest
{
    public Guid Id { get; set; }

    public Guid JobId { get; set; }

    public Guid TenantId { get; set; }

    public required string TenantSlug { get; set; }

    /// <summary>Paths relative to the job's output folder.</summary>
    public List<string> Files { get; set; } = [];

    public required string Justification { get; set; }

    public ExportStatus Status { get; set; }

    /// <summary>What the airlock's screening found in the files when the request was made (<see cref="ExportScreener"/>).</summary>
    public List<ExportFinding> Findings { get; set; } = [];

    /// <summary>Why the reviewer approved despite blocking findings; null when nothing was overridden.</summary>
    public string? OverrideJustification { get; set; }

    public required string RequestedBy { get; set; }

    public DateTimeOffset RequestedAt { get; set; }

    public string? DecidedBy { get; set; }

    public DateTimeOffset? DecidedAt { get; set; }

    public string? DecisionNote { get; set; }

    /// <summary>When the approved files were copied to the <c>exports</c> container.</summary>
    public DateTimeOffset? PublishedAt { get; set; }

    public uint RowVersion { get; set; }
}

public enum ExportStatus
{
    Pending,

    /// <summary>Approved; the Workers copy the files to the <c>exports</c> container.</summary>
    Approved,

    /// <summary>Approved and copied: downloadable through short-lived links.</summary>
    Available,

    Rejected,
}
