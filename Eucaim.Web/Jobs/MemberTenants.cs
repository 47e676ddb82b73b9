using System.Security.Claims;
using Eucaim.Web.Api;
using Eucaim.Web.SignIn;
using Eucaim.Web.Tenants;

namespace Eucaim.Web.Jobs;

/// <summary>
/// The tenants the person is a member of. The sign-in claims hold only the tenants of their LS Login
/// groups; a tenant can also list them as an explicit member, which only <c>GET /api/tenants</c> shows.
/// For an admin that list is every tenant, so their groups' tenants are used instead.
/// </summary>
public static class MemberTenants
{
    public static async Task<IReadOnlySet<string>> OfAsync(SignedInApi api, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        if (user.HasRole(PortalRoles.Admin))
        {
            return user.Tenants().ToHashSet(StringComparer.Ordinal);
        }

        var tenants = (await api.GetAsync<List<TenantView>>("api/tenants", cancellationToken)).Value ?? [];
        return tenants.Select(t => t.Slug).ToHashSet(StringComparer.Ordinal);
    }
}
