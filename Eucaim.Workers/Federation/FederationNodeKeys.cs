using System.Security.Cryptography;
using Eucaim.Core.Federation;

namespace Eucaim.Workers.Federation;

/// <summary>The node's keys, read once from the configured PEM files: its signing key, the hub's public key, and the noise key derived from the first.</summary>
public sealed class FederationNodeKeys : IDisposable
{
    public FederationNodeKeys(ECDsa signingKey, ECDsa hubKey)
    {
        SigningKey = signingKey;
        HubKey = hubKey;
        NoiseKey = CountRelease.NoiseKey(signingKey);
    }

    public ECDsa SigningKey { get; }

    public ECDsa HubKey { get; }

    public byte[] NoiseKey { get; }

    public static FederationNodeKeys Load(FederationNodeOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var signing = FederationKey.PrivateFromPem(File.ReadAllText(options.SigningKeyFile!), $"{FederationNodeOptions.Section}:SigningKeyFile");
        var hub = FederationKey.PublicFromPem(File.ReadAllText(options.HubPublicKeyFile!), out var problem)
            ?? throw new InvalidOperationException($"{FederationNodeOptions.Section}:HubPublicKeyFile: {problem}");
        return new FederationNodeKeys(signing, hub);
    }

    public void Dispose()
    {
        SigningKey.Dispose();
        HubKey.Dispose();
        CryptographicOperations.ZeroMemory(NoiseKey);
    }
}
