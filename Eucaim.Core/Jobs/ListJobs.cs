using Eucaim.Core.Data;
using Eucaim.Core.Identity;
using Microsoft.EntityFrameworkCore;

namespace Eucaim.Core.Jobs;

/// <summary>Jobs of the caller's tenants, newest first (at most 500), queued ones with their place.</summary>
public sealed class ListJobs(EucaimDbContext db, JobPlacement placement)
{
    public const int Limit = 500;

    /// <param name="tenant">Only this tenant's jobs, when given.</param>
    /// <param name="status">Only jobs in this status, when it names one (case-insensitive); ignored otherwise.</param>
    public async Task<IReadOnlyList<GetJob.Found>> RunAsync(Actor actor, string? tenant, string? status, CancellationToken cancellationToken)
    {
        var query = db.OfMember(actor.Identity).AsNoTracking();
        if (!string.IsNullOrEmpty(tenant))
        {
            query = query.Where(j => j.TenantSlug == tenant);
        }

        if (Enum.TryParse<JobStatus>(status, ignoreCase: true, out var wanted))
        {
            query = query.Where(j => j.Status == wanted);
        }

        var rows = await query.OrderByDescending(j => j.SubmittedAt).Take(Limit).ToListAsync(cancellationToken);
        var places = await placement.PlaceQueuedAsync(rows, cancellationToken);
        return [.. rows.Select(j => new GetJob.Found(j, places.TryGetValue(j.Id, out var p) ? p : null))];
    }
}
