namespace Eucaim.Core.Audit;

/// <summary>
/// Appends an event that has no change of its own to commit with (a refused request, a download) to
/// the hash-chained, append-only audit trail. Events of a change are appended by the change's
/// <see cref="Data.UnitOfWork"/>, in its transaction.
/// </summary>
public interface IAuditTrail
{
    /// <summary>Appends the entry in a transaction of its own (its own connection), committed on return.</summary>
    Task<AuditRecord> RecordAsync(AuditEntry entry, CancellationToken cancellationToken);
}
