using Eucaim.Core.Contracts;
using Eucaim.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace Eucaim.Core.Jobs;

/// <summary>
/// Announces job changes: <see cref="NotificationChannels.JobChanged"/> wakes the dispatcher (submit, cancel, approval),
/// <see cref="NotificationChannels.JobLog"/> wakes the API's log followers when the Workers append to a job's log.
/// </summary>
public static class JobChanges
{
    /// <summary>Delivered only once the surrounding transaction commits.</summary>
    public static Task NotifyAsync(EucaimDbContext db, Guid jobId, CancellationToken cancellationToken) =>
        db.Database.ExecuteSqlAsync($"SELECT pg_notify({NotificationChannels.JobChanged}, {jobId.ToString()})", cancellationToken);

    public static Task NotifyLogAsync(EucaimDbContext db, Guid jobId, CancellationToken cancellationToken) =>
        db.Database.ExecuteSqlAsync($"SELECT pg_notify({NotificationChannels.JobLog}, {jobId.ToString()})", cancellationToken);
}
