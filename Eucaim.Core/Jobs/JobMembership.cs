using Eucaim.Core.Data;
using Eucaim.Core.Identity;
using Eucaim.Core.Tenants;
using Microsoft.EntityFrameworkCore;

namespace Eucaim.Core.Jobs;

/// <summary>
/// Jobs belong to the members of their tenant, and only to them: an admin provisions bubbles but does
/// not look inside them. Anyone else gets "not found".
/// </summary>
public static class JobMembership
{
    /// <summary>Whether <paramref name="identity"/> may read, submit to and cancel in <paramref name="tenant"/> (loaded with its members).</summary>
    public static bool IsMember(PlatformIdentity identity, Tenant tenant) =>
        identity.IsSignedIn && (identity.IsMemberOf(tenant.Slug) || tenant.Members.Any(m => m.Subject == identity.Subject));

    /// <summary>The same rule as <see cref="IsMember"/>, translated to SQL.</summary>
    public static IQueryable<Tenant> MemberTenants(this IQueryable<Tenant> tenants, PlatformIdentity identity)
    {
        if (identity.Subject is not { } subject)
        {
            return tenants.Where(_ => false);
        }

        var slugs = identity.Tenants.ToList();
        return tenants.Where(t => slugs.Contains(t.Slug) || t.Members.Any(m => m.Subject == subject));
    }

    public static IQueryable<Job> OfMember(this EucaimDbContext db, PlatformIdentity identity)
    {
        var tenantIds = db.Tenants.MemberTenants(identity).Select(t => t.Id);
        return db.Jobs.Where(j => tenantIds.Contains(j.TenantId));
    }

    public static Task<Job?> FindAsync(EucaimDbContext db, PlatformIdentity identity, Guid id, bool tracking, CancellationToken cancellationToken)
    {
        var jobs = db.OfMember(identity);
        return (tracking ? jobs : jobs.AsNoTracking()).FirstOrDefaultAsync(j => j.Id == id, cancellationToken);
    }
}
