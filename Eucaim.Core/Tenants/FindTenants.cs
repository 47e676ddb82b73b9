using Eucaim.Core.Data;
using Eucaim.Core.Identity;
using Eucaim.Core.Platform;
using Microsoft.EntityFrameworkCore;

namespace Eucaim.Core.Tenants;

/// <summary>Tenants the caller may see (<see cref="TenantAccess"/>): all for admins, their own for members.</summary>
public sealed class FindTenants(EucaimDbContext db)
{
    /// <summary>Members' subjects are shown to admins only: a researcher learns their tenant, not who else is in it.</summary>
    public static bool ShowsMembers(PlatformIdentity identity) => identity.IsAdmin;

    public Task<List<Tenant>> AllAsync(Actor actor, CancellationToken cancellationToken) =>
        // One statement: the same snapshot for the rows and their conditions (see TenantLookup).
        db.Tenants.AsNoTracking().Include(t => t.Members).Include(t => t.Conditions).AsSingleQuery()
            .VisibleTo(actor.Identity)
            .OrderBy(t => t.Slug)
            .ToListAsync(cancellationToken);

    /// <summary>A tenant by slug or id; "not found" for one the caller may not see.</summary>
    public async Task<Outcome<Tenant>> RunAsync(Actor actor, string key, CancellationToken cancellationToken)
    {
        var row = await TenantLookup.FindVisibleAsync(db, actor.Identity, key, tracking: false, cancellationToken);
        return row is null ? TenantProblems.TenantNotFound(key) : row;
    }

    /// <summary>What happened to a tenant: admin actions and provisioning, oldest first.</summary>
    public async Task<Outcome<List<TenantEvent>>> EventsAsync(Actor actor, string key, CancellationToken cancellationToken)
    {
        var row = await TenantLookup.FindVisibleAsync(db, actor.Identity, key, tracking: false, cancellationToken);
        if (row is null)
        {
            return TenantProblems.TenantNotFound(key);
        }

        return await db.TenantEvents.AsNoTracking().Where(e => e.TenantId == row.Id).OrderBy(e => e.Id).ToListAsync(cancellationToken);
    }
}
