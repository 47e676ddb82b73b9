using Eucaim.Core.Data;
using Eucaim.Core.Identity;
using Eucaim.Core.Platform;
using Microsoft.EntityFrameworkCore;

namespace Eucaim.Core.Access;

internal static class AccessRequestLocks
{
    /// <summary>
    /// Locks the request row until the transaction ends (changes to one request are serialized across
    /// Api replicas) and loads it with its datasets and decisions; a request the caller may not see
    /// answers exactly as a missing one.
    /// </summary>
    public static async Task<Outcome<AccessRequest>> LoadLockedAsync(EucaimDbContext db, PlatformIdentity caller, Guid id, CancellationToken cancellationToken)
    {
        await db.Database.ExecuteSqlAsync($"SELECT 1 FROM access_requests WHERE id = {id} FOR UPDATE", cancellationToken);
        var visible = await db.AccessRequests.VisibleTo(db, caller).AnyAsync(r => r.Id == id, cancellationToken);
        var request = await db.AccessRequests.Include(r => r.Datasets).Include(r => r.Decisions).AsSplitQuery()
            .FirstOrDefaultAsync(r => r.Id == id, cancellationToken);
        return request is null || !visible
            ? Problem.NotFound("access request", id, hidesExisting: request is not null)
            : request;
    }
}
