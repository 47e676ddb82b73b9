using Eucaim.Core.Identity;

namespace Eucaim.Core.Access;

public static class NotificationRecipients
{
    public const string AccessCommittee = "role:access-committee";

    public static string User(string subject) => $"user:{subject}";

    public static string Organization(string organizationKey) => $"org:{organizationKey}";

    public static string Tenant(string slug) => $"tenant:{slug}";

    /// <summary>
    /// Every address that reaches <paramref name="identity"/>. Tenants are the caller's memberships
    /// (group claims and explicit membership rows), never "every tenant" for admins: an inbox carries
    /// what concerns its owner.
    /// </summary>
    public static List<string> Of(PlatformIdentity identity, IEnumerable<string> memberTenantSlugs)
    {
        var addresses = new List<string>();
        if (identity.Subject is null)
        {
            return addresses;
        }

        addresses.Add(User(identity.Subject));
        if (identity.IsAccessCommittee)
        {
            addresses.Add(AccessCommittee);
        }

        addresses.AddRange(identity.DataHolderOrganizations.Select(Organization));
        addresses.AddRange(memberTenantSlugs.Concat(identity.Tenants).Distinct(StringComparer.Ordinal).Select(Tenant));
        return addresses;
    }
}
