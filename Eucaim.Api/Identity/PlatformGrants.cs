using Eucaim.Core.Identity;

namespace Eucaim.Api.Identity;

/// <summary>What the role mapping gives a caller: platform roles, organizations, tenants.</summary>
internal sealed class PlatformGrants
{
    public SortedSet<string> Roles { get; } = new(StringComparer.Ordinal);

    public SortedSet<string> Organizations { get; } = new(StringComparer.Ordinal);

    public SortedSet<string> Tenants { get; } = new(StringComparer.Ordinal);

    /// <summary>Adds the roles that follow from memberships (data holder, researcher).</summary>
    public PlatformGrants Complete()
    {
        if (Organizations.Count > 0)
        {
            Roles.Add(PlatformRoles.DataHolder);
        }

        if (Tenants.Count > 0)
        {
            Roles.Add(PlatformRoles.Researcher);
        }

        return this;
    }
}
