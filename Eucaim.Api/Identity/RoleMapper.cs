using Eucaim.Core.Identity;
using Microsoft.Extensions.Options;

namespace Eucaim.Api.Identity;

/// <summary>
/// Turns LS Login entitlements or Entra app roles into <see cref="PlatformGrants"/>, following
/// <see cref="RoleMappingOptions"/>. The configured URNs are parsed once; a URN that does not
/// parse stops the API at start (see <see cref="RoleMappingOptionsValidator"/>).
/// </summary>
internal sealed class RoleMapper
{
    private readonly Entitlement[] _admins;
    private readonly Entitlement[] _accessCommittee;
    private readonly (Entitlement Rule, string Organization)[] _dataHolders;
    private readonly (Entitlement Rule, string Tenant)[] _tenants;
    private readonly Entitlement[] _dataHolderGroups;
    private readonly Entitlement[] _tenantGroups;
    private readonly RoleMappingOptions.EntraAppRoleMapping _entra;

    public RoleMapper(IOptions<RoleMappingOptions> options)
    {
        var o = options.Value;
        _admins = [.. o.Admins.Select(Entitlement.Parse)];
        _accessCommittee = [.. o.AccessCommittee.Select(Entitlement.Parse)];
        _dataHolders = [.. o.DataHolders.Select(r => (Entitlement.Parse(r.Entitlement), r.Organization))];
        _tenants = [.. o.Tenants.Select(r => (Entitlement.Parse(r.Entitlement), r.Tenant))];
        _dataHolderGroups = [.. o.DataHolderGroups.Select(Entitlement.Parse)];
        _tenantGroups = [.. o.TenantGroups.Select(Entitlement.Parse)];
        _entra = o.EntraAppRoles;
    }

    public PlatformGrants MapEntitlements(IEnumerable<string> entitlements)
    {
        var grants = new PlatformGrants();
        foreach (var value in entitlements)
        {
            if (!Entitlement.TryParse(value, out var entitlement))
            {
                continue;
            }

            if (_admins.Any(entitlement.Satisfies))
            {
                grants.Roles.Add(PlatformRoles.Admin);
            }

            if (_accessCommittee.Any(entitlement.Satisfies))
            {
                grants.Roles.Add(PlatformRoles.AccessCommittee);
            }

            foreach (var (rule, organization) in _dataHolders)
            {
                if (entitlement.Satisfies(rule))
                {
                    grants.Organizations.Add(organization);
                }
            }

            foreach (var (rule, tenant) in _tenants)
            {
                if (entitlement.Satisfies(rule))
                {
                    grants.Tenants.Add(tenant);
                }
            }

            foreach (var parent in _dataHolderGroups)
            {
                if (entitlement.SubgroupOf(parent) is { } organization)
                {
                    grants.Organizations.Add(organization);
                }
            }

            foreach (var parent in _tenantGroups)
            {
                if (entitlement.SubgroupOf(parent) is { } tenant)
                {
                    grants.Tenants.Add(tenant);
                }
            }
        }

        return grants.Complete();
    }

    public PlatformGrants MapEntraAppRoles(IEnumerable<string> appRoles)
    {
        var grants = new PlatformGrants();
        var roles = appRoles.ToHashSet(StringComparer.Ordinal);
        if (_entra.Admins.Any(roles.Contains))
        {
            grants.Roles.Add(PlatformRoles.Admin);
        }

        if (_entra.AccessCommittee.Any(roles.Contains))
        {
            grants.Roles.Add(PlatformRoles.AccessCommittee);
        }

        foreach (var rule in _entra.DataHolders.Where(r => roles.Contains(r.AppRole)))
        {
            grants.Organizations.Add(rule.Organization);
        }

        foreach (var rule in _entra.Tenants.Where(r => roles.Contains(r.AppRole)))
        {
            grants.Tenants.Add(rule.Tenant);
        }

        return grants.Complete();
    }
}
