using Eucaim.Core.Data;
using Eucaim.Core.Identity;
using Eucaim.Core.Platform;

namespace Eucaim.Core.Jobs;

/// <summary>A job of one of the caller's tenants, with its queue place while queued; any other job does not exist for the caller.</summary>
public sealed class GetJob(EucaimDbContext db, JobPlacement placement)
{
    public sealed record Found(Job Job, JobPlace? Place);

    /// <param name="withPlace">False for readers that need only the row (logs, outputs): no queue queries.</param>
    public async Task<Outcome<Found>> RunAsync(Actor actor, Guid id, CancellationToken cancellationToken, bool withPlace = true)
    {
        var job = await JobMembership.FindAsync(db, actor.Identity, id, tracking: false, cancellationToken);
        if (job is null)
        {
            return JobProblems.JobNotFound(id);
        }

        var places = withPlace ? await placement.PlaceQueuedAsync([job], cancellationToken) : new Dictionary<Guid, JobPlace>();
        return new Found(job, places.TryGetValue(job.Id, out var place) ? place : null);
    }
}
