namespace Eucaim.Core.Identity;

/// <summary>Names of the authorization policies the API registers.</summary>
public static class PlatformPolicies
{
    /// <summary>Any signed-in user.</summary>
    public const string SignedIn = "signed-in";

    public const string Admin = "admin";

    /// <summary>Access committee members, and admins.</summary>
    public const string AccessCommittee = "access-committee";

    /// <summary>Data holders of at least one organization, and admins.</summary>
    public const string DataHolder = "data-holder";

    /// <summary>Members of at least one tenant.</summary>
    public const string Researcher = "researcher";
}
