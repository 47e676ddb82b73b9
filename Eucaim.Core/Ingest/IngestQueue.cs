using Eucaim.Core.Contracts;
using Eucaim.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace Eucaim.Core.Ingest;

/// <summary>Announces on <see cref="NotificationChannels.IngestQueued"/>, which wakes ingest workers when a job is queued; polling covers missed notifications.</summary>
public static class IngestQueue
{
    /// <summary>Delivered only once the surrounding transaction commits.</summary>
    public static Task NotifyAsync(EucaimDbContext db, Guid jobId, CancellationToken cancellationToken) =>
        db.Database.ExecuteSqlAsync($"SELECT pg_notify({NotificationChannels.IngestQueued}, {jobId.ToString()})", cancellationToken);
}
