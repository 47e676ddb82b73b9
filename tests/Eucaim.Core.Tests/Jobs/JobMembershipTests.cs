using Eucaim.Core.Identity;
using Eucaim.Core.Jobs;
using static Eucaim.Core.Tests.Jobs.JobFixtures;

namespace Eucaim.Core.Tests.Jobs;

/// <summary>Who may read and submit jobs of a tenant: its members, by group claim or membership row; not admins, not anyone else.</summary>
public sealed class JobMembershipTests
{
    [Fact]
    public void A_member_by_row_or_by_group_claim_is_a_member()
    {
        Assert.True(JobMembership.IsMember(Caller("member-sub"), Tenant()));
        Assert.True(JobMembership.IsMember(Caller("other-sub", tenants: ["tenant-a"]), Tenant()));
    }

    [Fact]
    public void An_admin_who_is_not_a_member_does_not_see_inside_the_bubble()
    {
        Assert.False(JobMembership.IsMember(Caller("admin-sub", roles: [PlatformRoles.Admin]), Tenant()));
    }

    [Fact]
    public void Strangers_and_anonymous_callers_are_not_members()
    {
        Assert.False(JobMembership.IsMember(Caller("stranger"), Tenant()));
        Assert.False(JobMembership.IsMember(PlatformIdentity.Anonymous, Tenant()));
    }
}
