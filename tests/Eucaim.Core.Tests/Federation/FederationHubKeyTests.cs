using System.Security.Cryptography;
using Eucaim.Core.Contracts;
using Eucaim.Core.Federation;
using Eucaim.Core.Platform;
using Microsoft.Extensions.Options;

namespace Eucaim.Core.Tests.Federation;

public sealed class FederationHubKeyTests
{
    [Fact]
    public void Without_a_key_file_federation_is_unavailable_and_says_which_key_to_set()
    {
        using var key = new FederationHubKey(Options.Create(new FederationHubOptions()));
        Assert.False(key.IsSetUp);
        var problem = Assert.IsType<Problem>(key.NotSetUp);
        Assert.Equal(ProblemKind.Unavailable, problem.Kind);
        Assert.Equal("federation is not set up on this platform (Eucaim:Federation:Hub:SigningKeyFile)", problem.Detail);
    }

    [Fact]
    public void The_hub_signs_with_its_key_file_and_publishes_the_matching_public_key()
    {
        using var ecdsa = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var file = Path.GetTempFileName();
        try
        {
            File.WriteAllText(file, ecdsa.ExportPkcs8PrivateKeyPem());
            using var key = new FederationHubKey(Options.Create(new FederationHubOptions { SigningKeyFile = file }));
            Assert.Null(key.NotSetUp);
            Assert.Equal(FederationKey.Fingerprint(ecdsa), key.Fingerprint);
            using var published = FederationKey.PublicFromPem(key.PublicPem!, out _)!;
            var jws = key.Sign(FederationMessage.Create(FederationMessage.HubId, "node-1", FederationMessageKinds.CountQuery, new LinkPoll(1), DateTimeOffset.UtcNow));
            Assert.NotNull(FederationMessage.Read(jws, published, out _));
        }
        finally
        {
            File.Delete(file);
        }
    }
}
