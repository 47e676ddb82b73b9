using Eucaim.Core.Data;
using Eucaim.Core.Identity;
using Eucaim.Core.Jobs;
using Eucaim.Core.Tenants;
using Microsoft.EntityFrameworkCore;

namespace Eucaim.Api.Jobs;

/// <summary>
/// Jobs belong to the members of their tenant, and only to them: an admin provisions bubbles but does
/// not look inside them. Anyone else gets "not found".
/// </summary>
internal static class JobMembership
{
    public static IQueryable<Tenant> MemberTenants(this IQueryable<Tenant> tenants, PlatformIdentity identity)
    {
        if (!identity.IsSignedIn)
        {
            return tenants.Where(_ => false);
        }

        var slugs = identity.Tenants.ToList();
        var subject = identity.Subject!;
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
