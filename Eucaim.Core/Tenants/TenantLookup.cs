using Eucaim.Core.Data;
using Eucaim.Core.Identity;
using Microsoft.EntityFrameworkCore;

namespace Eucaim.Core.Tenants;

/// <summary>Finds a tenant by slug or id among those the caller may see: anything else is "not found".</summary>
public static class TenantLookup
{
    public static Task<Tenant?> FindVisibleAsync(EucaimDbContext db, PlatformIdentity identity, string key, bool tracking, CancellationToken cancellationToken)
    {
        // One statement, so the tenant's generations and its conditions come from the same snapshot: split
        // queries could pair the row from before a reconcile with the conditions from after it.
        IQueryable<Tenant> tenants = db.Tenants.Include(t => t.Members).Include(t => t.Conditions).AsSingleQuery();
        if (!tracking)
        {
            tenants = tenants.AsNoTracking();
        }

        tenants = tenants.VisibleTo(identity);
        if (Guid.TryParse(key, out var id))
        {
            return tenants.FirstOrDefaultAsync(t => t.Id == id, cancellationToken);
        }

        // A key that is no valid slug cannot match; asking the database would still be harmless.
        return tenants.FirstOrDefaultAsync(t => t.Slug == key, cancellationToken);
    }
}
