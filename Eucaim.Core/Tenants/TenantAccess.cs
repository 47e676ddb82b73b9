using Eucaim.Core.Identity;

namespace Eucaim.Core.Tenants;

/// <summary>
/// Who may see a tenant. Admins see every tenant; a member (by LS Login group claim or by an
/// explicit membership row) sees their own; to everyone else the tenant does not exist (404).
/// </summary>
public static class TenantAccess
{
    /// <summary>Narrows a tenant query to what <paramref name="identity"/> may see; translated to SQL.</summary>
    public static IQueryable<Tenant> VisibleTo(this IQueryable<Tenant> tenants, PlatformIdentity identity)
    {
        if (identity.IsAdmin)
        {
            return tenants;
        }

        if (!identity.IsSignedIn)
        {
            return tenants.Where(_ => false);
        }

        var slugs = identity.Tenants.ToList();
        var subject = identity.Subject!;
        return tenants.Where(t => slugs.Contains(t.Slug) || t.Members.Any(m => m.Subject == subject));
    }

    /// <summary>The same rule for a tenant already loaded with its members.</summary>
    public static bool CanSee(PlatformIdentity identity, Tenant tenant) =>
        identity.IsAdmin
        || (identity.IsSignedIn && (identity.IsMemberOf(tenant.Slug) || tenant.Members.Any(m => m.Subject == identity.Subject)));
}
