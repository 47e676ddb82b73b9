using Eucaim.Core.Audit;
using Eucaim.Core.Identity;

namespace Eucaim.Core.Tests.Audit;

public sealed class ActorAuditTests
{
    [Fact]
    public void A_callers_entry_names_their_subject_and_address()
    {
        var identity = new PlatformIdentity("kai", "Kai", null, new HashSet<string>(), new HashSet<string>(), new HashSet<string>());

        var entry = new Actor(identity, "10.0.0.7").Audit(AuditActions.GrantRevoked);

        Assert.Equal((AuditActions.GrantRevoked, "kai", "10.0.0.7", AuditOutcomes.Success), (entry.Action, entry.Actor, entry.ClientAddress, entry.Outcome));
    }

    [Fact]
    public void Anonymous_and_system_actors_are_named_as_such()
    {
        Assert.Equal("anonymous", new Actor(PlatformIdentity.Anonymous, null).Audit("x.y").Actor);
        var sweeper = Actor.System("grant-expiry").Audit(AuditActions.GrantExpired);
        Assert.Equal(("system:grant-expiry", (string?)null), (sweeper.Actor, sweeper.ClientAddress));
    }
}
