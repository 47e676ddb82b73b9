namespace Eucaim.Core.Identity;

public static class PlatformRoles
{
    public const string Admin = "admin";
    public const string AccessCommittee = "access-committee";
    public const string DataHolder = "data-holder";
    public const string Researcher = "researcher";
}
