namespace Eucaim.Api.Identity;

/// <summary>
/// Which entitlements (and Entra app roles) give which platform roles and memberships, bound from
/// <c>Eucaim:RoleMapping</c>. Entitlements are AARC-G002 URNs; rules are lists of objects rather
/// than dictionaries because configuration keys cannot contain the URNs' colons.
/// </summary>
internal sealed class RoleMappingOptions
{
    public const string Section = "Eucaim:RoleMapping";

    /// <summary>Groups whose members are platform admins.</summary>
    public List<string> Admins { get; set; } = [];

    /// <summary>Groups whose members sit on the access committee.</summary>
    public List<string> AccessCommittee { get; set; } = [];

    /// <summary>A group that makes its members data holders of one organization.</summary>
    public List<OrganizationRule> DataHolders { get; set; } = [];

    /// <summary>A group that makes its members members of one tenant.</summary>
    public List<TenantRule> Tenants { get; set; } = [];

    /// <summary>
    /// Parent groups whose direct subgroups are organizations: membership of
    /// <c>&lt;parent&gt;:&lt;organization&gt;</c> (any role) makes a data holder of that organization.
    /// </summary>
    public List<string> DataHolderGroups { get; set; } = [];

    /// <summary>Parent groups whose direct subgroups are tenants, by slug.</summary>
    public List<string> TenantGroups { get; set; } = [];

    public EntraAppRoleMapping EntraAppRoles { get; set; } = new();

    public sealed class OrganizationRule
    {
        public string Entitlement { get; set; } = "";

        public string Organization { get; set; } = "";
    }

    public sealed class TenantRule
    {
        public string Entitlement { get; set; } = "";

        public string Tenant { get; set; } = "";
    }

    /// <summary>Entra app role values (the token's <c>roles</c>) mapped to the same platform roles.</summary>
    public sealed class EntraAppRoleMapping
    {
        public List<string> Admins { get; set; } = [];

        public List<string> AccessCommittee { get; set; } = [];

        public List<AppRoleOrganization> DataHolders { get; set; } = [];

        public List<AppRoleTenant> Tenants { get; set; } = [];
    }

    public sealed class AppRoleOrganization
    {
        public string AppRole { get; set; } = "";

        public string Organization { get; set; } = "";
    }

    public sealed class AppRoleTenant
    {
        public string AppRole { get; set; } = "";

        public string Tenant { get; set; } = "";
    }
}
