namespace Eucaim.Core.Audit;

/// <summary>
/// One security-relevant event to append to the audit trail. Who (<see cref="Actor"/>: a subject,
/// or <c>system:&lt;component&gt;</c>), what (<see cref="Action"/>, one of <see cref="AuditActions"/>),
/// on what (tenant, dataset, target), with what result, and free details (flat strings, so that the
/// canonical form hashed into the chain is unambiguous).
/// </summary>
public sealed record AuditEntry(string Action, string Actor)
{
    /// <summary><see cref="AuditOutcomes.Success"/> unless said otherwise.</summary>
    public string Outcome { get; init; } = AuditOutcomes.Success;

    public string? TenantSlug { get; init; }

    public Guid? DatasetId { get; init; }

    /// <summary>The kind of thing acted on: <c>dataset</c>, <c>grant</c>, <c>access-request</c>, <c>job</c>, <c>http</c>…</summary>
    public string? TargetType { get; init; }

    public string? TargetId { get; init; }

    /// <summary>The caller's IP address, for events caused by an HTTP request.</summary>
    public string? ClientAddress { get; init; }

    public IReadOnlyDictionary<string, string?> Details { get; init; } = new Dictionary<string, string?>();
}

public static class AuditOutcomes
{
    public const string Success = "success";

    /// <summary>The caller was refused (401, 403, or a 404 that hides a resource they may not see).</summary>
    public const string Denied = "denied";

    public const string Failure = "failure";
}
