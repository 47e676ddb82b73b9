using System.Security.Claims;

namespace Eucaim.Core.Identity;

/// <summary>
/// Who is calling, in the platform's own terms. Built from the claims the API's entitlement
/// mapping adds; every ownership rule (dataset organization, tenant membership) asks this.
/// </summary>
public sealed record PlatformIdentity(
    string? Subject,
    string? Name,
    string? Email,
    IReadOnlySet<string> Roles,
    IReadOnlySet<string> DataHolderOrganizations,
    IReadOnlySet<string> Tenants)
{
    public static PlatformIdentity Anonymous { get; } = new(null, null, null,
        new HashSet<string>(), new HashSet<string>(), new HashSet<string>());

    public bool IsSignedIn => Subject is not null;

    public bool IsAdmin => Roles.Contains(PlatformRoles.Admin);

    public bool IsAccessCommittee => Roles.Contains(PlatformRoles.AccessCommittee);

    public bool HoldsDataFor(string organization) => DataHolderOrganizations.Contains(organization);

    public bool IsMemberOf(string tenant) => Tenants.Contains(tenant);

    public static PlatformIdentity From(ClaimsPrincipal principal)
    {
        var subject = principal.FindFirstValue("sub") ?? principal.FindFirstValue(ClaimTypes.NameIdentifier);
        if (principal.Identity?.IsAuthenticated != true || subject is null)
        {
            return Anonymous;
        }

        return new PlatformIdentity(
            subject,
            principal.FindFirstValue("name") ?? principal.FindFirstValue(ClaimTypes.Name),
            principal.FindFirstValue("email") ?? principal.FindFirstValue(ClaimTypes.Email),
            Values(principal, PlatformClaimTypes.Role),
            Values(principal, PlatformClaimTypes.DataHolderOrganization),
            Values(principal, PlatformClaimTypes.Tenant));
    }

    private static HashSet<string> Values(ClaimsPrincipal principal, string type) =>
        principal.FindAll(type).Select(c => c.Value).ToHashSet(StringComparer.Ordinal);
}
