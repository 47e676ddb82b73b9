using Eucaim.Core.Data;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using NpgsqlTypes;

namespace Eucaim.Core.Ingest;

/// <summary>Writes what became of ingest files into their rows, a whole batch in one statement.</summary>
internal static class IngestFileOutcomes
{
    public static Task<int> UpdateAsync(EucaimDbContext db, IReadOnlyList<(Guid FileId, StoreOutcome Outcome)> files, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var ids = new NpgsqlParameter("ids", NpgsqlDbType.Array | NpgsqlDbType.Uuid) { Value = files.Select(f => f.FileId).ToArray() };
        var states = new NpgsqlParameter("states", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = files.Select(f => f.Outcome.State.ToString()).ToArray() };
        var sops = new NpgsqlParameter("sops", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = files.Select(f => f.Outcome.SopInstanceUid).ToArray() };
        var shas = new NpgsqlParameter("shas", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = files.Select(f => f.Outcome.Sha256).ToArray() };
        var sizes = new NpgsqlParameter("sizes", NpgsqlDbType.Array | NpgsqlDbType.Bigint)
        {
            Value = files.Select(f => f.Outcome.Sha256 is null ? (long?)null : f.Outcome.Size).ToArray(),
        };
        var findings = new NpgsqlParameter("findings", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = files.Select(f => IngestFindings.ToJson(f.Outcome.Findings)).ToArray() };
        return db.Database.ExecuteSqlAsync($"""
            UPDATE ingest_files AS f SET state = u.state, sop_instance_uid = u.sop, sha256 = u.sha, size = u.size, findings = u.findings::jsonb, done_at = {now}
            FROM unnest({ids}, {states}, {sops}, {shas}, {sizes}, {findings}) AS u(id, state, sop, sha, size, findings)
            WHERE f.id = u.id
            """, cancellationToken);
    }
}
