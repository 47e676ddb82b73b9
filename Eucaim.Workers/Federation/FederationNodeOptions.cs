using Eucaim.Core.Federation;

namespace Eucaim.Workers.Federation;

/// <summary>
/// <c>Eucaim:Federation:Node</c>: this Workers process is a federated node when <see cref="Id"/> is set. It
/// polls the hub (outbound only) for count queries and answers them from its own index, privately.
/// </summary>
public sealed class FederationNodeOptions
{
    public const string Section = FederationCoreSetup.NodeSection;

    /// <summary>The node's registered slug (<c>node-1</c>, <c>sas-sevilla</c>); node mode is on when set.</summary>
    public string? Id { get; set; }

    /// <summary>The hub's base address (absolute http or https), to which the link paths are added.</summary>
    public string? HubUrl { get; set; }

    /// <summary>PEM file of this node's ES256 (P-256) private key; the hub holds its public key.</summary>
    public string? SigningKeyFile { get; set; }

    /// <summary>PEM file of the hub's public key, which every message from the hub must verify with.</summary>
    public string? HubPublicKeyFile { get; set; }

    /// <summary>How long the hub may hold a poll open (1 s to 60 s); the HTTP time-out is longer.</summary>
    public TimeSpan PollWait { get; set; } = TimeSpan.FromSeconds(20);

    public FederationPrivacyOptions Privacy { get; set; } = new();

    public FederationRunPolicyOptions Runs { get; set; } = new();

    /// <summary>The local topology's seed: when set, the node seeds its share of the catalogue's federated datasets.</summary>
    public FederationDevSeedOptions? DevSeed { get; set; }

    public bool IsNode => !string.IsNullOrWhiteSpace(Id);
}
