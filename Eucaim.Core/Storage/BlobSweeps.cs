using Eucaim.Core.Contracts;
using Eucaim.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace Eucaim.Core.Storage;

/// <summary>Records tombstones (<see cref="BlobSweep"/>) inside the transaction of the deletion they belong to.</summary>
public static class BlobSweeps
{
    /// <summary>Adds a tombstone for every blob of <paramref name="container"/> under <paramref name="prefix"/>; saved with the surrounding change.</summary>
    public static BlobSweep Record(EucaimDbContext db, string container, string prefix, string reason, DateTimeOffset now)
    {
        var sweep = Tombstone(container, prefix, reason, now, dueAt: now);
        db.BlobSweeps.Add(sweep);
        return sweep;
    }

    /// <summary>
    /// A tombstone for blobs about to be written, stored at once (not with the context's pending changes) and due at
    /// <paramref name="dueAt"/>: the later transaction that makes the blobs part of the platform deletes it; a process
    /// killed before that leaves the sweeper to delete them.
    /// </summary>
    public static async Task<Guid> RecordAheadAsync(
        EucaimDbContext db, string container, string prefix, string reason, DateTimeOffset now, DateTimeOffset dueAt, CancellationToken cancellationToken)
    {
        var sweep = Tombstone(container, prefix, reason, now, dueAt);
        await db.Database.ExecuteSqlAsync($"""
            INSERT INTO blob_sweeps (id, container, prefix, reason, recorded_at, due_at, passes, blobs_deleted)
            VALUES ({sweep.Id}, {sweep.Container}, {sweep.Prefix}, {sweep.Reason}, {sweep.RecordedAt}, {sweep.DueAt}, 0, 0)
            """, cancellationToken);
        return sweep.Id;
    }

    private static BlobSweep Tombstone(string container, string prefix, string reason, DateTimeOffset now, DateTimeOffset dueAt)
    {
        if (!BlobContainers.All.Contains(container))
        {
            throw new ArgumentException($"'{container}' is not a platform container.", nameof(container));
        }

        if (string.IsNullOrEmpty(prefix))
        {
            throw new ArgumentException("A sweep never takes a whole container: the prefix must not be empty.", nameof(prefix));
        }

        return new BlobSweep
        {
            Id = Guid.CreateVersion7(now),
            Container = container,
            Prefix = prefix,
            Reason = reason.Length > 500 ? reason[..500] : reason,
            RecordedAt = now,
            DueAt = dueAt,
        };
    }

    /// <summary>Wakes the sweeper (payload: the id of what was deleted); delivered only once the surrounding transaction commits.</summary>
    public static Task NotifyAsync(EucaimDbContext db, Guid deleted, CancellationToken cancellationToken) =>
        db.Database.ExecuteSqlAsync($"SELECT pg_notify({NotificationChannels.BlobSweepRecorded}, {deleted.ToString()})", cancellationToken);
}
