using Eucaim.Core.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;

namespace Eucaim.Core.Audit;

/// <summary>The PostgreSQL audit trail; a singleton with its own connection pool for standalone appends.</summary>
internal sealed class AuditTrail(NpgsqlDataSource dataSource, TimeProvider clock) : IAuditTrail
{
    public async Task<AuditRecord> RecordAsync(AuditEntry entry, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var record = await AuditChain.AppendAsync(connection, transaction, entry, clock.GetUtcNow(), cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return record;
    }

    public Task<AuditRecord> RecordAsync(EucaimDbContext db, AuditEntry entry, CancellationToken cancellationToken)
    {
        var transaction = db.Database.CurrentTransaction?.GetDbTransaction()
            ?? throw new InvalidOperationException("RecordAsync(db, …) enlists in the caller's transaction: begin one first, or use RecordAsync(entry).");
        return AuditChain.AppendAsync(db.Database.GetDbConnection(), transaction, entry, clock.GetUtcNow(), cancellationToken);
    }
}
