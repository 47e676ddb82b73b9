using System.Data.Common;
using Npgsql;
using NpgsqlTypes;

namespace Eucaim.Core.Audit;

/// <summary>
/// Appends one entry to the chain inside a transaction the caller owns. The transaction first takes
/// a transaction-scoped advisory lock, so appends from every process (Api replicas, Workers) are
/// serialized and the chain never forks; the lock is released when the transaction ends. Call it
/// as the last statement of a transaction so the lock is held only until the commit.
/// </summary>
public static class AuditChain
{
    public const string Table = "audit_entries";

    /// <summary>The advisory lock key of the chain ("audit" in ASCII), shared by every appender.</summary>
    public const long LockKey = 0x6175646974;

    private static readonly string HeadSql = $"""
        SELECT pg_advisory_xact_lock({LockKey});
        SELECT seq, hash FROM {Table} ORDER BY seq DESC LIMIT 1;
        """;

    private const string InsertSql = $"""
        INSERT INTO {Table} (seq, occurred_at, actor, action, outcome, tenant_slug, dataset_id, target_type, target_id, client_address, details, prev_hash, hash)
        VALUES (@seq, @occurred_at, @actor, @action, @outcome, @tenant_slug, @dataset_id, @target_type, @target_id, @client_address, @details, @prev_hash, @hash)
        """;

    public static async Task<AuditRecord> AppendAsync(
        DbConnection connection, DbTransaction transaction, AuditEntry entry, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (connection is not NpgsqlConnection npgsql || transaction is not NpgsqlTransaction npgsqlTransaction)
        {
            throw new InvalidOperationException("The audit trail is stored in PostgreSQL: pass an Npgsql connection and transaction.");
        }

        long previousSeq = 0;
        var previousHash = AuditCanonicalForm.GenesisHash;
        await using (var head = new NpgsqlCommand(HeadSql, npgsql, npgsqlTransaction))
        await using (var reader = await head.ExecuteReaderAsync(cancellationToken))
        {
            // First result: the lock (one row, void). Second: the head of the chain, if any.
            await reader.NextResultAsync(cancellationToken);
            if (await reader.ReadAsync(cancellationToken))
            {
                previousSeq = reader.GetInt64(0);
                previousHash = reader.GetString(1);
            }
        }

        var record = ToRecord(entry, previousSeq + 1, now, previousHash);
        await using var insert = new NpgsqlCommand(InsertSql, npgsql, npgsqlTransaction);
        insert.Parameters.AddWithValue("seq", record.Seq);
        insert.Parameters.AddWithValue("occurred_at", record.OccurredAt);
        insert.Parameters.AddWithValue("actor", record.Actor);
        insert.Parameters.AddWithValue("action", record.Action);
        insert.Parameters.AddWithValue("outcome", record.Outcome);
        insert.Parameters.AddWithValue("tenant_slug", (object?)record.TenantSlug ?? DBNull.Value);
        insert.Parameters.AddWithValue("dataset_id", (object?)record.DatasetId ?? DBNull.Value);
        insert.Parameters.AddWithValue("target_type", (object?)record.TargetType ?? DBNull.Value);
        insert.Parameters.AddWithValue("target_id", (object?)record.TargetId ?? DBNull.Value);
        insert.Parameters.AddWithValue("client_address", (object?)record.ClientAddress ?? DBNull.Value);
        insert.Parameters.Add(new NpgsqlParameter("details", NpgsqlDbType.Jsonb) { Value = record.Details });
        insert.Parameters.AddWithValue("prev_hash", record.PrevHash);
        insert.Parameters.AddWithValue("hash", record.Hash);
        await insert.ExecuteNonQueryAsync(cancellationToken);
        return record;
    }

    internal static AuditRecord ToRecord(AuditEntry entry, long seq, DateTimeOffset now, string previousHash)
    {
        var record = new AuditRecord
        {
            Seq = seq,
            OccurredAt = AuditCanonicalForm.Truncate(now),
            Actor = Required(AuditCanonicalForm.Fit(entry.Actor, AuditCanonicalForm.MaxActorLength), nameof(entry.Actor)),
            Action = Required(AuditCanonicalForm.Fit(entry.Action, 100), nameof(entry.Action)),
            Outcome = Required(AuditCanonicalForm.Fit(entry.Outcome, 20), nameof(entry.Outcome)),
            TenantSlug = AuditCanonicalForm.Fit(entry.TenantSlug, 63),
            DatasetId = entry.DatasetId,
            TargetType = AuditCanonicalForm.Fit(entry.TargetType, 50),
            TargetId = AuditCanonicalForm.Fit(entry.TargetId, 255),
            ClientAddress = AuditCanonicalForm.Fit(entry.ClientAddress, 64),
            Details = AuditCanonicalForm.DetailsJson(entry.Details),
            PrevHash = previousHash,
            Hash = "",
        };
        record.Hash = AuditCanonicalForm.Hash(record);
        return record;
    }

    private static string Required(string? value, string name) =>
        string.IsNullOrWhiteSpace(value) ? throw new ArgumentException($"An audit entry needs {name}.", name) : value;
}
