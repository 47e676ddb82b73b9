using System.Security.Cryptography;
using Eucaim.Workers.Federation;

namespace Eucaim.Platform.Tests.Federation;

/// <summary>A node's settings are checked on start, each refusal naming its key; without an Id there is nothing to check.</summary>
public sealed class FederationNodeOptionsTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("eucaim-node-keys-").FullName;
    private readonly string _private;
    private readonly string _public;

    public FederationNodeOptionsTests()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        _private = Path.Combine(_folder, "node.pem");
        _public = Path.Combine(_folder, "hub.pub.pem");
        File.WriteAllText(_private, key.ExportPkcs8PrivateKeyPem());
        File.WriteAllText(_public, key.ExportSubjectPublicKeyInfoPem());
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private FederationNodeOptions Valid() => new()
    {
        Id = "node-1",
        HubUrl = "https://hub.example.org",
        SigningKeyFile = _private,
        HubPublicKeyFile = _public,
    };

    [Fact]
    public void Complete_settings_pass_and_without_an_Id_node_mode_is_off()
    {
        Assert.Empty(FederationNodeOptionsValidation.Errors(Valid()));
        Assert.Empty(FederationNodeOptionsValidation.Errors(new FederationNodeOptions { HubUrl = "not a url" }));
    }

    [Fact]
    public void Each_bad_value_is_refused_naming_its_key()
    {
        var bad = Valid();
        bad.Id = "Node 1";
        bad.HubUrl = "ftp://hub";
        bad.SigningKeyFile = _public;
        bad.HubPublicKeyFile = _private;
        bad.PollWait = TimeSpan.FromMinutes(5);
        bad.Privacy = new FederationPrivacyOptions { Epsilon = 0, MaxNoise = -1, SmallCellThreshold = 0 };
        bad.DevSeed = new FederationDevSeedOptions { Node = 3, Nodes = 2 };

        var errors = FederationNodeOptionsValidation.Errors(bad).ToList();

        foreach (var key in new[] { "Id", "HubUrl", "SigningKeyFile", "HubPublicKeyFile", "PollWait", "Privacy:Epsilon", "Privacy:MaxNoise", "Privacy:SmallCellThreshold", "DevSeed:Node" })
        {
            Assert.Contains(errors, e => e.StartsWith($"Eucaim:Federation:Node:{key} ", StringComparison.Ordinal));
        }
    }

    [Fact]
    public void Missing_or_unreadable_key_files_and_the_hubs_own_id_are_refused()
    {
        var bad = Valid();
        bad.Id = "hub";
        bad.SigningKeyFile = null;
        bad.HubPublicKeyFile = Path.Combine(_folder, "absent.pem");

        var errors = FederationNodeOptionsValidation.Errors(bad).ToList();

        Assert.Equal(3, errors.Count);
        Assert.Contains(errors, e => e.StartsWith("Eucaim:Federation:Node:Id ", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("Eucaim:Federation:Node:SigningKeyFile is required", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("Eucaim:Federation:Node:HubPublicKeyFile ", StringComparison.Ordinal) && e.Contains("cannot be read", StringComparison.Ordinal));
    }
}
