using Eucaim.Core.Data;
using Eucaim.Core.Identity;
using Eucaim.Core.Jobs;
using Microsoft.EntityFrameworkCore;

namespace Eucaim.Core.Exports;

/// <summary>Export requests of the caller's tenants, and those the caller may review, newest first.</summary>
public sealed class ListExports(EucaimDbContext db)
{
    public const int Limit = 500;

    public async Task<List<ExportRequest>> RunAsync(Actor actor, string? status, CancellationToken cancellationToken)
    {
        var identity = actor.Identity;
        var memberTenants = db.Tenants.MemberTenants(identity).Select(t => t.Id);
        var query = db.ExportRequests.AsNoTracking();
        if (Enum.TryParse<ExportStatus>(status, ignoreCase: true, out var wanted))
        {
            query = query.Where(e => e.Status == wanted);
        }

        var mine = await query.Where(e => memberTenants.Contains(e.TenantId)).OrderByDescending(e => e.RequestedAt).Take(Limit).ToListAsync(cancellationToken);
        var reviewable = new List<ExportRequest>();
        if (ExportReviewers.MayReviewAny(identity))
        {
            foreach (var candidate in await query.Where(e => !memberTenants.Contains(e.TenantId)).OrderByDescending(e => e.RequestedAt).Take(Limit).ToListAsync(cancellationToken))
            {
                if (await ExportReviewers.MayReviewAsync(db, identity, candidate, cancellationToken))
                {
                    reviewable.Add(candidate);
                }
            }
        }

        return [.. mine.Concat(reviewable).OrderByDescending(e => e.RequestedAt)];
    }
}
