using System.Security.Cryptography;
using Eucaim.Core.Contracts;
using Eucaim.Core.Platform;
using Microsoft.Extensions.Options;

namespace Eucaim.Core.Federation;

/// <summary>The hub's signing key, read once from <see cref="FederationHubOptions.SigningKeyFile"/>; absent when federation is not set up.</summary>
public sealed class FederationHubKey : IDisposable
{
    private readonly ECDsa? _key;
    private readonly Lock _signing = new();

    public FederationHubKey(IOptions<FederationHubOptions> options)
    {
        if (options.Value.SigningKeyFile is { Length: > 0 } file)
        {
            _key = FederationKey.PrivateFromPem(File.ReadAllText(file), $"{FederationHubOptions.Section}:SigningKeyFile ({file})");
            PublicPem = FederationKey.PublicPem(_key);
            Fingerprint = FederationKey.Fingerprint(_key);
        }
    }

    public bool IsSetUp => _key is not null;

    public string? PublicPem { get; }

    public string? Fingerprint { get; }

    /// <summary>The problem every federation action answers while no key is configured; null when set up.</summary>
    public Problem? NotSetUp => _key is null ? FederationProblems.NotSetUp() : null;

    public string Sign(FederationMessage message)
    {
        var key = _key ?? throw new InvalidOperationException(FederationProblems.NotSetUpDetail);
        lock (_signing)
        {
            return message.Sign(key);
        }
    }

    public void Dispose() => _key?.Dispose();
}
