using Eucaim.Core.Audit;
using Eucaim.Platform.Tests.Identity;
using Npgsql;

namespace Eucaim.Platform.Tests.Audit;

/// <summary>
/// The Workers write signed checkpoints of the chain's head to blob storage, outside the database:
/// deleting the newest entries as the database owner (what restoring an older backup also does)
/// leaves a chain shorter than the newest checkpoint, and verification names the missing range.
/// The test repairs the chain afterwards (the deleted entries back, what was appended meanwhile
/// chained after them), so the other tests of the collection find it intact.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class AuditCheckpointTests(PlatformFixture fixture)
{
    private const string Columns = "seq, occurred_at, actor, action, outcome, tenant_slug, dataset_id, target_type, target_id, client_address, details::text, prev_hash, hash";

    [Fact]
    public async Task Deleting_the_newest_entries_as_the_owner_is_reported_with_the_missing_range()
    {
        var platform = fixture.Platform;
        using var alba = await platform.CreateApiClientForAsync("alba");
        var head = (await AuditLog.VerifyAsync(alba)).GetProperty("checked").GetInt64();

        // Wait until a checkpoint covers the chain as it is now (the Workers write one every few seconds in Development).
        var deadline = DateTimeOffset.UtcNow + TimeSpan.FromMinutes(2);
        long checkpoint;
        while (true)
        {
            var verification = await AuditLog.VerifyAsync(alba);
            Assert.True(verification.GetProperty("intact").GetBoolean(), verification.GetRawText());
            if (verification.GetProperty("checkpoint") is { ValueKind: System.Text.Json.JsonValueKind.Object } named
                && named.GetProperty("seq").GetInt64() >= head + 2)
            {
                checkpoint = named.GetProperty("seq").GetInt64();
                Assert.Equal(64, named.GetProperty("hash").GetString()!.Length);
                break;
            }

            Assert.True(DateTimeOffset.UtcNow < deadline, $"No checkpoint of seq {head + 2} or later: {verification.GetRawText()}");
            await Task.Delay(TimeSpan.FromSeconds(1));
        }

        var keep = checkpoint - 3;
        await using var owner = new NpgsqlConnection(await platform.ConnectionStringAsync("eucaim"));
        await owner.OpenAsync();
        List<object[]> deleted;
        await using (await ChainLock.TakeAsync(owner))
        {
            deleted = await ReadAfterAsync(owner, keep);
            await ExecuteAsync(owner, $"DELETE FROM audit_entries WHERE seq > {keep}");
        }

        try
        {
            var broken = await AuditLog.VerifyAsync(alba);
            Assert.False(broken.GetProperty("intact").GetBoolean(), broken.GetRawText());
            var first = broken.GetProperty("firstBroken");
            Assert.Equal(keep + 1, first.GetProperty("seq").GetInt64());
            // The newest checkpoint: the one seen above, or one the Workers wrote just before the cut.
            var reason = first.GetProperty("reason").GetString()!;
            var range = System.Text.RegularExpressions.Regex.Match(reason, $@"^entries {keep + 1}\.\.(\d+) are missing: the checkpoint of \S+ names seq (\d+)$");
            Assert.True(range.Success, reason);
            var named = long.Parse(range.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
            Assert.Equal(range.Groups[1].Value, range.Groups[2].Value);
            Assert.InRange(named, checkpoint, (long)deleted[^1][0]);
        }
        finally
        {
            await using (await ChainLock.TakeAsync(owner))
            {
                await RepairAsync(owner, keep, deleted);
            }
        }

        var repaired = await AuditLog.VerifyAsync(alba);
        Assert.True(repaired.GetProperty("intact").GetBoolean(), repaired.GetRawText());
        Assert.True(repaired.GetProperty("checkpoint").GetProperty("seq").GetInt64() >= checkpoint);
    }

    /// <summary>Puts the deleted entries back and chains whatever was appended since after them, as an operator restoring the tail would.</summary>
    private static async Task RepairAsync(NpgsqlConnection owner, long keep, List<object[]> deleted)
    {
        var appendedMeanwhile = await ReadAfterAsync(owner, keep);
        await ExecuteAsync(owner, $"DELETE FROM audit_entries WHERE seq > {keep}");
        foreach (var row in deleted)
        {
            await InsertAsync(owner, row);
        }

        var previous = deleted.Count > 0 ? (string)deleted[^1][12] : null;
        var seq = deleted.Count > 0 ? (long)deleted[^1][0] : keep;
        foreach (var row in appendedMeanwhile)
        {
            var record = new AuditRecord
            {
                Seq = ++seq,
                OccurredAt = new DateTimeOffset(DateTime.SpecifyKind((DateTime)row[1], DateTimeKind.Utc)),
                Actor = (string)row[2],
                Action = (string)row[3],
                Outcome = (string)row[4],
                TenantSlug = row[5] as string,
                DatasetId = row[6] as Guid?,
                TargetType = row[7] as string,
                TargetId = row[8] as string,
                ClientAddress = row[9] as string,
                Details = (string)row[10],
                PrevHash = previous ?? (string)row[11],
                Hash = "",
            };
            record.Hash = AuditCanonicalForm.Hash(record);
            row[0] = record.Seq;
            row[11] = record.PrevHash;
            row[12] = record.Hash;
            await InsertAsync(owner, row);
            previous = record.Hash;
        }
    }

    private static async Task<List<object[]>> ReadAfterAsync(NpgsqlConnection connection, long seq)
    {
        await using var command = new NpgsqlCommand($"SELECT {Columns} FROM audit_entries WHERE seq > {seq} ORDER BY seq", connection);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<object[]>();
        while (await reader.ReadAsync())
        {
            var row = new object[reader.FieldCount];
            reader.GetValues(row);
            rows.Add(row);
        }

        return rows;
    }

    private static async Task InsertAsync(NpgsqlConnection connection, object[] row)
    {
        await using var insert = new NpgsqlCommand("""
            INSERT INTO audit_entries (seq, occurred_at, actor, action, outcome, tenant_slug, dataset_id, target_type, target_id, client_address, details, prev_hash, hash)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11::jsonb, $12, $13)
            """, connection);
        foreach (var value in row)
        {
            insert.Parameters.Add(new NpgsqlParameter { Value = value });
        }

        await insert.ExecuteNonQueryAsync();
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>The appenders' advisory lock, held by the test's session, so no entry is appended while it cuts or mends the chain.</summary>
    private sealed class ChainLock(NpgsqlConnection connection) : IAsyncDisposable
    {
        public static async Task<ChainLock> TakeAsync(NpgsqlConnection connection)
        {
            await ExecuteAsync(connection, $"SELECT pg_advisory_lock({AuditChain.LockKey})");
            return new ChainLock(connection);
        }

        public async ValueTask DisposeAsync() => await ExecuteAsync(connection, $"SELECT pg_advisory_unlock({AuditChain.LockKey})");
    }
}
