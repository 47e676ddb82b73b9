using Eucaim.Core.Access;
using Eucaim.Core.Platform;
using static Eucaim.Core.Tests.Access.AccessFixtures;

namespace Eucaim.Core.Tests.Access;

public sealed class GrantRulesTests
{
    private static Grant Grant(DateTimeOffset from, DateTimeOffset until) => new()
    {
        TenantSlug = "tenant-a",
        DatasetId = Guid.NewGuid(),
        ValidFrom = from,
        ValidUntil = until,
        CreatedBy = "kai",
    };

    [Fact]
    public void A_revocation_needs_a_reason_the_tenant_can_read()
    {
        Assert.Equal(["reason"], GrantRules.RevocationReason(" ").Problem!.Errors!.Keys);
        Assert.Equal(["reason"], GrantRules.RevocationReason(new string('r', GrantRules.MaxReasonLength + 1)).Problem!.Errors!.Keys);
        Assert.Equal("Project ended.", GrantRules.RevocationReason(" Project ended. ").Value);
    }

    [Fact]
    public void The_committee_admins_and_the_datasets_organization_revoke()
    {
        var grant = Grant(Now.AddDays(-1), Now.AddDays(1));

        Assert.Null(GrantRules.CheckRevoke(grant, Kai, Hm, Now));
        Assert.Null(GrantRules.CheckRevoke(grant, Alba, Hm, Now));
        Assert.Null(GrantRules.CheckRevoke(grant, Hugo, Hm, Now));
        Assert.Equal((ProblemKind.Forbidden, "revoker-role"), (GrantRules.CheckRevoke(grant, Clara, Hm, Now)!.Kind, GrantRules.CheckRevoke(grant, Clara, Hm, Now)!.Rule));
        Assert.Equal("revoker-role", GrantRules.CheckRevoke(grant, Rita, Hm, Now)?.Rule);
    }

    [Fact]
    public void An_ended_grant_cannot_be_revoked()
    {
        var revoked = Grant(Now.AddDays(-1), Now.AddDays(1));
        revoked.RevokedAt = Now.AddHours(-1);
        var expired = Grant(Now.AddDays(-2), Now);

        Assert.Equal(("Already revoked.", "grant-ended"), (GrantRules.CheckRevoke(revoked, Kai, Hm, Now)!.Title, GrantRules.CheckRevoke(revoked, Kai, Hm, Now)!.Rule));
        Assert.Equal(("Already expired.", "grant-ended"), (GrantRules.CheckRevoke(expired, Kai, Hm, Now)!.Title, GrantRules.CheckRevoke(expired, Kai, Hm, Now)!.Rule));
    }

    [Fact]
    public void A_grant_is_pending_active_expired_or_revoked()
    {
        var grant = Grant(Now, Now.AddDays(1));

        Assert.Equal("pending", GrantRules.Status(grant, Now.AddSeconds(-1)));
        Assert.Equal("active", GrantRules.Status(grant, Now));
        Assert.Equal("expired", GrantRules.Status(grant, Now.AddDays(1)));
        grant.RevokedAt = Now;
        Assert.Equal("revoked", GrantRules.Status(grant, Now.AddHours(1)));
    }
}
