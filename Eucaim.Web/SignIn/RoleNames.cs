namespace Eucaim.Web.SignIn;

/// <summary>A role as people say it.</summary>
public static class RoleNames
{
    public static string Of(string role) => role switch
    {
        PortalRoles.Admin => "platform administrator",
        PortalRoles.AccessCommittee => "access committee member",
        PortalRoles.DataHolder => "data holder",
        PortalRoles.Researcher => "researcher",
        _ => role,
    };
}
