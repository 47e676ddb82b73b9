using Eucaim.Core.Catalogue;
using Eucaim.Core.Data;
using Eucaim.Core.Identity;
using Eucaim.Core.Tenants;
using Microsoft.EntityFrameworkCore;

namespace Eucaim.Core.Access;

/// <summary>
/// Who sees which requests and grants. The committee and admins see all; a tenant's members see
/// their tenant's; a data holder sees those that concern their organization's datasets. To anyone
/// else they do not exist (404, as for a missing id).
/// </summary>
public static class AccessVisibility
{
    public static IQueryable<AccessRequest> VisibleTo(this IQueryable<AccessRequest> requests, EucaimDbContext db, PlatformIdentity caller)
    {
        if (caller.IsAdmin || caller.IsAccessCommittee)
        {
            return requests;
        }

        if (!caller.IsSignedIn)
        {
            return requests.Where(_ => false);
        }

        var tenantIds = db.Tenants.VisibleTo(caller).Select(t => t.Id);
        var organizations = caller.DataHolderOrganizations.ToList();
        return requests.Where(r => tenantIds.Contains(r.TenantId) || r.Datasets.Any(d => organizations.Contains(d.OrganizationKey)));
    }

    public static IQueryable<Grant> VisibleTo(this IQueryable<Grant> grants, EucaimDbContext db, PlatformIdentity caller)
    {
        if (caller.IsAdmin || caller.IsAccessCommittee)
        {
            return grants;
        }

        if (!caller.IsSignedIn)
        {
            return grants.Where(_ => false);
        }

        var tenantIds = db.Tenants.VisibleTo(caller).Select(t => t.Id);
        var organizations = caller.DataHolderOrganizations.ToList();
        return grants.Where(g => tenantIds.Contains(g.TenantId)
            || db.Datasets.Any(d => d.Id == g.DatasetId && organizations.Contains(d.OrganizationKey)));
    }

    /// <summary>A dataset exists for the caller once published; before that, only for its organization and admins.</summary>
    public static bool Sees(PlatformIdentity caller, Dataset dataset) =>
        dataset.WasEverPublished || caller.IsAdmin || caller.HoldsDataFor(dataset.OrganizationKey);

    /// <summary>Membership proper (group claim or membership row): an admin's view of every tenant is not membership.</summary>
    public static bool IsMember(PlatformIdentity caller, Tenant tenant) =>
        caller.IsSignedIn && (caller.IsMemberOf(tenant.Slug) || tenant.Members.Any(m => m.Subject == caller.Subject));

    /// <summary>The slugs of the tenants the caller belongs to, by claim or by membership row.</summary>
    public static async Task<List<string>> MemberTenantSlugsAsync(EucaimDbContext db, PlatformIdentity caller, CancellationToken cancellationToken)
    {
        if (!caller.IsSignedIn)
        {
            return [];
        }

        var subject = caller.Subject!;
        var claimed = caller.Tenants.ToList();
        return await db.Tenants.AsNoTracking()
            .Where(t => claimed.Contains(t.Slug) || t.Members.Any(m => m.Subject == subject))
            .Select(t => t.Slug)
            .ToListAsync(cancellationToken);
    }

    /// <summary>The caller's tenants' ids (membership proper).</summary>
    public static IQueryable<Guid> MemberTenantIds(EucaimDbContext db, PlatformIdentity caller)
    {
        if (!caller.IsSignedIn)
        {
            return db.Tenants.Where(_ => false).Select(t => t.Id);
        }

        var subject = caller.Subject!;
        var claimed = caller.Tenants.ToList();
        return db.Tenants.Where(t => claimed.Contains(t.Slug) || t.Members.Any(m => m.Subject == subject)).Select(t => t.Id);
    }
}
