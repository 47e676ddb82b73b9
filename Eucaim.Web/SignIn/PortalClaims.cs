using System.Security.Claims;

namespace Eucaim.Web.SignIn;

/// <summary>
/// What the portal knows of the signed-in person, as the API maps it from their entitlements
/// (<c>GET /api/me</c>): the portal never interprets entitlements itself, so it cannot disagree with the API.
/// </summary>
public static class PortalClaims
{
    public const string Role = "eucaim:role";

    public const string Tenant = "eucaim:tenant";

    public const string Organization = "eucaim:organization";

    public static bool HasRole(this ClaimsPrincipal user, string role) => user.HasClaim(Role, role);

    public static IReadOnlyList<string> Roles(this ClaimsPrincipal user) =>
        [.. user.FindAll(Role).Select(c => c.Value)];

    public static IReadOnlyList<string> Tenants(this ClaimsPrincipal user) =>
        [.. user.FindAll(Tenant).Select(c => c.Value)];

    public static IReadOnlyList<string> Organizations(this ClaimsPrincipal user) =>
        [.. user.FindAll(Organization).Select(c => c.Value)];

    public static string DisplayName(this ClaimsPrincipal user) =>
        user.FindFirst("name")?.Value ?? user.FindFirst("email")?.Value ?? user.FindFirst("sub")?.Value ?? "you";
}

/// <summary>Portal policies that admit more than one role.</summary>
public static class PortalPolicies
{
    /// <summary>Admins and the access committee: the API opens the audit trail to both.</summary>
    public const string AuditReaders = "audit-readers";
}

/// <summary>The API's role names, and the portal's policy of the same name for each.</summary>
public static class PortalRoles
{
    public const string Admin = "admin";

    public const string AccessCommittee = "access-committee";

    public const string DataHolder = "data-holder";

    public const string Researcher = "researcher";

    public static readonly string[] All = [Admin, AccessCommittee, DataHolder, Researcher];
}
