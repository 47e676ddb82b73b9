using System.Globalization;
using System.Security.Claims;
using Eucaim.Core.Identity;

namespace Eucaim.Api.Identity;

/// <summary>
/// Adds the platform's claims (<see cref="PlatformClaimTypes"/>) to a validated principal, once:
/// entitlements from the token, or from userinfo when the token has none, mapped to roles,
/// organizations and tenants; Entra app roles mapped the same way.
/// </summary>
internal sealed class PrincipalEnricher(RoleMapper mapper, UserInfoClient userInfo)
{
    public const string EntitlementClaim = "eduperson_entitlement";

    public async Task EnrichLsLoginAsync(ClaimsPrincipal principal, string token, CancellationToken cancellationToken)
    {
        if (principal.Identity is not ClaimsIdentity identity || identity.HasClaim(c => c.Type == PlatformClaimTypes.Mapped))
        {
            return;
        }

        var subject = identity.FindFirst("sub")?.Value
            ?? throw new TokenRejectedException("The token has no subject (sub)");
        var entitlements = identity.FindAll(EntitlementClaim).Select(c => c.Value).ToList();
        if (entitlements.Count == 0 && IsPersonToken(identity, subject))
        {
            var info = await userInfo.GetAsync(token, subject, Expiry(identity), cancellationToken);
            if (info is not null)
            {
                entitlements.AddRange(info.Entitlements);
                identity.AddClaims(info.Entitlements.Select(e => new Claim(EntitlementClaim, e)));
                AddIfMissing(identity, "name", info.Name);
                AddIfMissing(identity, "email", info.Email);
            }
        }

        Add(identity, mapper.MapEntitlements(entitlements));
    }

    public void EnrichEntra(ClaimsPrincipal principal)
    {
        if (principal.Identity is not ClaimsIdentity identity || identity.HasClaim(c => c.Type == PlatformClaimTypes.Mapped))
        {
            return;
        }

        var appRoles = identity.FindAll("roles").Concat(identity.FindAll(ClaimTypes.Role)).Select(c => c.Value);
        Add(identity, mapper.MapEntraAppRoles(appRoles));
    }

    /// <summary>
    /// Userinfo describes people. A client-credentials token (subject = client) or one issued
    /// without the <c>openid</c> scope has no userinfo to ask for.
    /// </summary>
    private static bool IsPersonToken(ClaimsIdentity identity, string subject)
    {
        if (identity.FindFirst("client_id")?.Value == subject)
        {
            return false;
        }

        var scope = identity.FindFirst("scope")?.Value;
        return scope is null || scope.Split(' ').Contains("openid", StringComparer.Ordinal);
    }

    private static DateTimeOffset? Expiry(ClaimsIdentity identity) =>
        long.TryParse(identity.FindFirst("exp")?.Value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var exp)
            ? DateTimeOffset.FromUnixTimeSeconds(exp)
            : null;

    private static void AddIfMissing(ClaimsIdentity identity, string type, string? value)
    {
        if (value is not null && !identity.HasClaim(c => c.Type == type))
        {
            identity.AddClaim(new Claim(type, value));
        }
    }

    private static void Add(ClaimsIdentity identity, PlatformGrants grants)
    {
        identity.AddClaims(grants.Roles.Select(r => new Claim(PlatformClaimTypes.Role, r)));
        identity.AddClaims(grants.Organizations.Select(o => new Claim(PlatformClaimTypes.DataHolderOrganization, o)));
        identity.AddClaims(grants.Tenants.Select(t => new Claim(PlatformClaimTypes.Tenant, t)));
        identity.AddClaim(new Claim(PlatformClaimTypes.Mapped, "true"));
    }
}
