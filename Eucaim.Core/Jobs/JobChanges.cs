using Eucaim.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace Eucaim.Core.Jobs;

/// <summary>
/// PostgreSQL channels: <see cref="Channel"/> wakes the dispatcher (submit, cancel, approval),
/// <see cref="LogChannel"/> wakes the API's log followers when the Workers append to a job's log.
/// </summary>
public static class JobChanges
{
    public const string Channel = "job_changed";

    public const string LogChannel = "job_log";

    /// <summary>Delivered only once the surrounding transaction commits.</summary>
    public static Task NotifyAsync(EucaimDbContext db, Guid jobId, CancellationToken cancellationToken) =>
        db.Database.ExecuteSqlAsync($"SELECT pg_notify({Channel}, {jobId.ToString()})", cancellationToken);

    public static Task NotifyLogAsync(EucaimDbContext db, Guid jobId, CancellationToken cancellationToken) =>
        db.Database.ExecuteSqlAsync($"SELECT pg_notify({LogChannel}, {jobId.ToString()})", cancellationToken);
}
