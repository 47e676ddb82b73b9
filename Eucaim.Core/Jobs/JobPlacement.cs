using Eucaim.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace Eucaim.Core.Jobs;

/// <summary>Where queued jobs stand in the fair-share order (<see cref="JobQueue.Place"/>) and when they may start.</summary>
public sealed class JobPlacement(EucaimDbContext db, TimeProvider clock)
{
    /// <summary>Used until enough jobs have finished to know better.</summary>
    private static readonly TimeSpan DefaultRuntime = TimeSpan.FromMinutes(10);

    /// <summary>The place of every queued job, and of <paramref name="candidate"/> (a dry run) as if it were queued too.</summary>
    public async Task<Dictionary<Guid, JobPlace>> PlaceAsync(JobQueue.Waiting? candidate, CancellationToken cancellationToken)
    {
        var waiting = await db.Jobs.AsNoTracking().Where(j => j.Status == JobStatus.Queued && j.CancelRequestedAt == null)
            .Select(j => new JobQueue.Waiting(j.Id, j.TenantId, j.Flavor, j.GpuCount, j.SubmittedAt)).ToListAsync(cancellationToken);
        var active = await db.Jobs.AsNoTracking().Where(j => j.Status == JobStatus.Starting || j.Status == JobStatus.Running)
            .Select(j => new JobQueue.Active(j.TenantId, j.GpuCount)).ToListAsync(cancellationToken);
        if (candidate is not null)
        {
            waiting.Add(candidate);
        }

        var slots = await db.Tenants.AsNoTracking().Where(t => waiting.Select(w => w.TenantId).Contains(t.Id))
            .ToDictionaryAsync(t => t.Id, t => Math.Max(1, t.Quota.ConcurrentJobs), cancellationToken);
        return JobQueue.Place(waiting, active, slots, await TypicalRuntimeAsync(cancellationToken), clock.GetUtcNow());
    }

    /// <summary>The places of <paramref name="jobs"/> when any of them is queued; none otherwise (no queries).</summary>
    public async Task<IReadOnlyDictionary<Guid, JobPlace>> PlaceQueuedAsync(IEnumerable<Job> jobs, CancellationToken cancellationToken) =>
        jobs.Any(j => j.Status == JobStatus.Queued) ? await PlaceAsync(null, cancellationToken) : new Dictionary<Guid, JobPlace>();

    private async Task<TimeSpan> TypicalRuntimeAsync(CancellationToken cancellationToken)
    {
        var recent = await db.Jobs.AsNoTracking()
            .Where(j => j.Status == JobStatus.Succeeded && j.StartedAt != null && j.FinishedAt != null)
            .OrderByDescending(j => j.FinishedAt).Take(50)
            .Select(j => new { j.StartedAt, j.FinishedAt }).ToListAsync(cancellationToken);
        return recent.Count == 0 ? DefaultRuntime : TimeSpan.FromSeconds(recent.Average(r => (r.FinishedAt!.Value - r.StartedAt!.Value).TotalSeconds));
    }
}
