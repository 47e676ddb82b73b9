using Eucaim.Core.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace Eucaim.Core.Audit;

public static class AuditDbContextExtensions
{
    /// <summary>
    /// Saves the context's changes and appends <paramref name="entries"/> to the audit trail in one
    /// transaction, under the context's retry strategy. For code that has no <see cref="IAuditTrail"/>
    /// at hand (static endpoint helpers); the time is the system clock.
    /// </summary>
    public static async Task SaveChangesWithAuditAsync(this EucaimDbContext db, IReadOnlyList<AuditEntry> entries, CancellationToken cancellationToken)
    {
        var strategy = db.Database.CreateExecutionStrategy();
        await strategy.ExecuteAsync(async ct =>
        {
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            await db.SaveChangesAsync(acceptAllChangesOnSuccess: false, ct);
            await db.AppendAuditAsync(entries, ct);
            await transaction.CommitAsync(ct);
        }, cancellationToken);
        db.ChangeTracker.AcceptAllChanges();
    }

    /// <summary>Appends entries inside the context's current transaction (which must exist).</summary>
    public static async Task AppendAuditAsync(this EucaimDbContext db, IReadOnlyList<AuditEntry> entries, CancellationToken cancellationToken)
    {
        var transaction = db.Database.CurrentTransaction?.GetDbTransaction()
            ?? throw new InvalidOperationException("Append audit entries inside the transaction of the change they describe.");
        foreach (var entry in entries)
        {
            await AuditChain.AppendAsync(db.Database.GetDbConnection(), transaction, entry, TimeProvider.System.GetUtcNow(), cancellationToken);
        }
    }
}
