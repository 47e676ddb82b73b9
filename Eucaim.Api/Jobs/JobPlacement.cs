using Eucaim.Core.Data;
using Eucaim.Core.Jobs;
using Microsoft.EntityFrameworkCore;

namespace Eucaim.Api.Jobs;

/// <summary>Where queued jobs stand in the fair-share order (<see cref="JobQueue"/>) and when they may start.</summary>
internal sealed class JobPlacement(EucaimDbContext db, TimeProvider clock)
{
    /// <summary>Used until enough jobs have finished to know better.</summary>
    private static readonly TimeSpan DefaultRuntime = TimeSpan.FromMinutes(10);

    public async Task<Dictionary<Guid, (int Position, DateTimeOffset EstimatedStart)>> PlaceAsync(JobQueue.Waiting? candidate, CancellationToken cancellationToken)
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
        var typical = await TypicalRuntimeAsync(cancellationToken);
        var now = clock.GetUtcNow();
        var ordered = JobQueue.Order(waiting, active);
        var places = new Dictionary<Guid, (int, DateTimeOffset)>();
        for (var i = 0; i < ordered.Count; i++)
        {
            var job = ordered[i];
            var ahead = ordered.Take(i).Count(o => o.TenantId == job.TenantId) + active.Count(a => a.TenantId == job.TenantId);
            places[job.JobId] = (i + 1, JobQueue.EstimateStart(now, ahead + 1, slots.GetValueOrDefault(job.TenantId, 1), typical));
        }

        return places;
    }

    private async Task<TimeSpan> TypicalRuntimeAsync(CancellationToken cancellationToken)
    {
        var recent = await db.Jobs.AsNoTracking()
            .Where(j => j.Status == JobStatus.Succeeded && j.StartedAt != null && j.FinishedAt != null)
            .OrderByDescending(j => j.FinishedAt).Take(50)
            .Select(j => new { j.StartedAt, j.FinishedAt }).ToListAsync(cancellationToken);
        return recent.Count == 0 ? DefaultRuntime : TimeSpan.FromSeconds(recent.Average(r => (r.FinishedAt!.Value - r.StartedAt!.Value).TotalSeconds));
    }
}
