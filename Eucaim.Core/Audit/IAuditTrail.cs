using Eucaim.Core.Data;

namespace Eucaim.Core.Audit;

/// <summary>Appends security-relevant events to the hash-chained, append-only audit trail.</summary>
public interface IAuditTrail
{
    /// <summary>Appends the entry in a transaction of its own (its own connection), committed on return.</summary>
    Task<AuditRecord> RecordAsync(AuditEntry entry, CancellationToken cancellationToken);

    /// <summary>
    /// Appends the entry inside <paramref name="db"/>'s current transaction, so the domain write and
    /// its audit entry commit (or roll back) together. Call it last, just before the commit: the chain
    /// lock is held until the transaction ends. Throws when no transaction is open.
    /// </summary>
    Task<AuditRecord> RecordAsync(EucaimDbContext db, AuditEntry entry, CancellationToken cancellationToken);
}
