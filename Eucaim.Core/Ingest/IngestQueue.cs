using Eucaim.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace Eucaim.Core.Ingest;

/// <summary>The PostgreSQL channel that wakes ingest workers when a job is queued; polling covers missed notifications.</summary>
public static class IngestQueue
{
    public const string Channel = "ingest_queued";

    /// <summary>Delivered only once the surrounding transaction commits.</summary>
    public static Task NotifyAsync(EucaimDbContext db, Guid jobId, CancellationToken cancellationToken) =>
        db.Database.ExecuteSqlAsync($"SELECT pg_notify({Channel}, {jobId.ToString()})", cancellationToken);
}
