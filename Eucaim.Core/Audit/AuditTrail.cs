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
}
