using Npgsql;
using NpgsqlTypes;

namespace Eucaim.Core.Audit;

/// <summary>
/// Refusals counted per actor, route, status and window (<c>audit_denials</c>), then folded into the
/// chain. Counting is an upsert on a row of its own, so a flood of refusals costs one row update
/// each and never the chain lock; folding appends one entry per closed window and deletes its row in
/// the same transaction, so every count reaches the chain exactly once, from whichever process folds.
/// </summary>
public sealed class AuditDenials(NpgsqlDataSource dataSource)
{
    public const string Table = "audit_denials";

    public const int MaxTargetsListed = 10;

    private static readonly string CountSql = $"""
        INSERT INTO {Table} AS d (window_start, actor, route, status, count, first_at, last_at, client_address, targets)
        VALUES (@window_start, @actor, @route, @status, 1, @at, @at, @client_address,
                CASE WHEN @target::text IS NULL THEN ARRAY[]::text[] ELSE ARRAY[@target::text] END)
        ON CONFLICT (window_start, actor, route, status) DO UPDATE SET
            count = d.count + 1,
            first_at = LEAST(d.first_at, EXCLUDED.first_at),
            last_at = GREATEST(d.last_at, EXCLUDED.last_at),
            targets = CASE
                WHEN @target::text IS NULL OR @target::text = ANY(d.targets) OR cardinality(d.targets) >= {MaxTargetsListed} THEN d.targets
                ELSE d.targets || @target::text END
        """;

    private const string ClosedSql = $"""
        SELECT window_start, actor, route, status, count, first_at, last_at, client_address, targets
        FROM {Table} WHERE window_start <= @up_to
        ORDER BY window_start, actor, route, status
        LIMIT @batch
        FOR UPDATE SKIP LOCKED
        """;

    private const string DeleteSql = $"DELETE FROM {Table} WHERE window_start = @window_start AND actor = @actor AND route = @route AND status = @status";

    /// <summary>Counts one refusal at <paramref name="at"/>, in its own short transaction.</summary>
    public async Task CountAsync(string actor, string route, int status, string? clientAddress, string? target,
        DateTimeOffset at, TimeSpan window, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(CountSql);
        command.Parameters.AddWithValue("window_start", AuditDenialWindow.Start(at, window));
        command.Parameters.AddWithValue("actor", AuditCanonicalForm.Fit(actor, AuditCanonicalForm.MaxActorLength)!);
        command.Parameters.AddWithValue("route", AuditCanonicalForm.Fit(route, 255)!);
        command.Parameters.AddWithValue("status", status);
        command.Parameters.AddWithValue("at", AuditCanonicalForm.Truncate(at));
        command.Parameters.AddWithValue("client_address", (object?)AuditCanonicalForm.Fit(clientAddress, 64) ?? DBNull.Value);
        command.Parameters.Add(new NpgsqlParameter("target", NpgsqlDbType.Text) { Value = (object?)AuditCanonicalForm.Fit(target, 500) ?? DBNull.Value });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Folds up to <paramref name="batch"/> closed windows into the chain.</summary>
    /// <returns>How many were folded; fewer than <paramref name="batch"/> means none is left now.</returns>
    public async Task<int> FoldClosedAsync(DateTimeOffset now, TimeSpan window, int batch, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var closed = new List<AuditDenialCount>();
        await using (var select = new NpgsqlCommand(ClosedSql, connection, transaction))
        {
            select.Parameters.AddWithValue("up_to", AuditDenialWindow.FoldableUpTo(now, window));
            select.Parameters.AddWithValue("batch", batch);
            await using var reader = await select.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                closed.Add(new AuditDenialCount
                {
                    WindowStart = reader.GetFieldValue<DateTimeOffset>(0),
                    Actor = reader.GetString(1),
                    Route = reader.GetString(2),
                    Status = reader.GetInt32(3),
                    Count = reader.GetInt64(4),
                    FirstAt = reader.GetFieldValue<DateTimeOffset>(5),
                    LastAt = reader.GetFieldValue<DateTimeOffset>(6),
                    ClientAddress = reader.IsDBNull(7) ? null : reader.GetString(7),
                    Targets = reader.GetFieldValue<string[]>(8),
                });
            }
        }

        foreach (var denial in closed)
        {
            await using var delete = new NpgsqlCommand(DeleteSql, connection, transaction);
            delete.Parameters.AddWithValue("window_start", denial.WindowStart);
            delete.Parameters.AddWithValue("actor", denial.Actor);
            delete.Parameters.AddWithValue("route", denial.Route);
            delete.Parameters.AddWithValue("status", denial.Status);
            await delete.ExecuteNonQueryAsync(cancellationToken);
        }

        // The chain lock is taken last, so it is held only for the appends and the commit.
        foreach (var denial in closed)
        {
            await AuditChain.AppendAsync(connection, transaction, AuditDenialWindow.ToEntry(denial, window), now, cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return closed.Count;
    }
}
