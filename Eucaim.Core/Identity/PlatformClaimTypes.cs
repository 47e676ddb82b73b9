namespace Eucaim.Core.Identity;

/// <summary>
/// Claims the API adds to a signed-in principal after mapping the token's entitlements (or Entra
/// app roles) through configuration. Endpoints and rules read these, never raw entitlement URNs.
/// </summary>
public static class PlatformClaimTypes
{
    /// <summary>A <see cref="PlatformRoles"/> value.</summary>
    public const string Role = "eucaim:role";

    /// <summary>An organization the user holds data for (the catalogue's organization key, e.g. <c>CETIR</c>).</summary>
    public const string DataHolderOrganization = "eucaim:organization";

    /// <summary>A tenant (bubble) the user belongs to, by slug, e.g. <c>tenant-a</c>.</summary>
    public const string Tenant = "eucaim:tenant";

    /// <summary>Set once the claims above have been added, so the mapping runs once per request.</summary>
    public const string Mapped = "eucaim:mapped";
}
