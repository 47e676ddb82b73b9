using Eucaim.Core.Data;
using Eucaim.Core.Identity;
using Eucaim.Core.Platform;
using Microsoft.EntityFrameworkCore;

namespace Eucaim.Core.Ingest;

/// <summary>
/// Removes ingest sessions left open and idle: no upload created or completed in them for the idle
/// time, and none still receiving within its tus expiry. Without this, the complete uploads of a
/// session nobody completes or abandons would stay in quarantine for ever, and they may hold
/// identifying data that the ingest checks never looked at. Each removal is audited as
/// <c>ingest.abandoned</c> by <c>system:ingest-expiry</c>, with the reason.
/// </summary>
public sealed class ExpireIdleIngests(UnitOfWork uow, TimeProvider clock)
{
    public const string Component = "ingest-expiry";

    /// <returns>How many sessions were removed (at most <paramref name="max"/>; the rest wait for the next call).</returns>
    public async Task<int> RunAsync(TimeSpan idleFor, int max, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var since = now - idleFor;
        var candidates = await Idle(uow.Db, since, now).AsNoTracking().OrderBy(j => j.CreatedAt).Select(j => j.Id).Take(max).ToListAsync(cancellationToken);
        var removed = 0;
        foreach (var id in candidates)
        {
            await uow.CommitAsync(async (scope, ct) =>
            {
                // Checked again under the row lock: an upload may have joined, or the session been completed.
                await IngestRemoval.LockAsync(scope.Db, id, ct);
                var job = await Idle(scope.Db, since, now).SingleOrDefaultAsync(j => j.Id == id, ct);
                if (job is null)
                {
                    return;
                }

                var uploads = await IngestRemoval.RemoveAsync(scope, job, "expired", ct);
                scope.Audit(IngestAudit.IngestAbandoned(job, Actor.System(Component), uploads.Count,
                    $"expired: open with no upload created or completed for {Describe(idleFor)}"));
                removed++;
            }, cancellationToken);
        }

        return removed;
    }

    private static IQueryable<IngestJob> Idle(EucaimDbContext db, DateTimeOffset since, DateTimeOffset now) =>
        db.IngestJobs.Where(j => j.IsSession && j.State == IngestState.Open && j.CreatedAt <= since &&
            !db.Uploads.Any(u => u.IngestId == j.Id &&
                (u.CreatedAt > since || u.CompletedAt > since || (u.State == UploadState.Receiving && u.ExpiresAt > now))));

    private static string Describe(TimeSpan idleFor) =>
        idleFor.TotalDays >= 1 && idleFor.Ticks % TimeSpan.TicksPerDay == 0 ? $"{idleFor.TotalDays:0} days"
        : idleFor.TotalHours >= 1 && idleFor.Ticks % TimeSpan.TicksPerHour == 0 ? $"{idleFor.TotalHours:0} hours"
        : $"{idleFor.TotalMinutes:0.#} minutes";
}
