namespace Eucaim.Core.Audit;

/// <summary>
/// A row of <c>audit_entries</c>: an <see cref="AuditEntry"/> as appended, with its place in the
/// chain. <see cref="Hash"/> = SHA-256(<see cref="PrevHash"/> ‖ canonical JSON of the entry), see
/// <see cref="AuditCanonicalForm"/>. The services' database role may only read and insert these rows.
/// </summary>
public sealed class AuditRecord
{
    /// <summary>1, 2, 3… without gaps: assigned under the chain lock, so a missing number is a deleted row.</summary>
    public long Seq { get; set; }

    public DateTimeOffset OccurredAt { get; set; }

    public required string Actor { get; set; }

    public required string Action { get; set; }

    public required string Outcome { get; set; }

    public string? TenantSlug { get; set; }

    public Guid? DatasetId { get; set; }

    public string? TargetType { get; set; }

    public string? TargetId { get; set; }

    public string? ClientAddress { get; set; }

    /// <summary>A JSON object of strings (<c>jsonb</c>).</summary>
    public required string Details { get; set; }

    public required string PrevHash { get; set; }

    public required string Hash { get; set; }
}
