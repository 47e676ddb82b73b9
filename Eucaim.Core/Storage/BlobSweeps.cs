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
        if (!BlobContainers.All.Contains(container))
        {
            throw new ArgumentException($"'{container}' is not a platform container.", nameof(container));
        }

        if (string.IsNullOrEmpty(prefix))
        {
            throw new ArgumentException("A sweep never takes a whole container: the prefix must not be empty.", nameof(prefix));
        }

        var sweep = new BlobSweep
        {
            Id = Guid.CreateVersion7(now),
            Container = container,
            Prefix = prefix,
            Reason = reason.Length > 500 ? reason[..500] : reason,
            RecordedAt = now,
            DueAt = now,
        };
        db.BlobSweeps.Add(sweep);
        return sweep;
    }

    /// <summary>Wakes the sweeper (payload: the id of what was deleted); delivered only once the surrounding transaction commits.</summary>
    public static Task NotifyAsync(EucaimDbContext db, Guid deleted, CancellationToken cancellationToken) =>
        db.Database.ExecuteSqlAsync($"SELECT pg_notify({NotificationChannels.BlobSweepRecorded}, {deleted.ToString()})", cancellationToken);
}
