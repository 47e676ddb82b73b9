namespace Eucaim.Core.Federation;

/// <summary>The hub's side of federation (<c>Eucaim:Federation:Hub</c>).</summary>
public sealed class FederationHubOptions
{
    public const string Section = "Eucaim:Federation:Hub";

    /// <summary>PEM file of the hub's ES256 (P-256) private key. Unset: federation answers 503.</summary>
    public string? SigningKeyFile { get; set; }

    /// <summary>How long a federated search waits for the nodes' answers.</summary>
    public TimeSpan CountTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>The longest a node's poll is held open, whatever it asks for.</summary>
    public TimeSpan MaxPollWait { get; set; } = TimeSpan.FromSeconds(25);

    /// <summary>Nodes registered (or updated) at start, for the local topology.</summary>
    public List<FederationSeedNode> SeedNodes { get; set; } = [];

    /// <summary>Every problem of the options, each naming its key.</summary>
    public IEnumerable<string> Validate()
    {
        if (CountTimeout < TimeSpan.FromMilliseconds(100) || CountTimeout > TimeSpan.FromMinutes(5))
        {
            yield return $"{Section}:CountTimeout must be between 00:00:00.1 and 00:05:00.";
        }

        if (MaxPollWait < TimeSpan.FromSeconds(1) || MaxPollWait > TimeSpan.FromSeconds(60))
        {
            yield return $"{Section}:MaxPollWait must be between 00:00:01 and 00:01:00.";
        }

        if (SigningKeyFile is { Length: > 0 } file && !File.Exists(file))
        {
            yield return $"{Section}:SigningKeyFile: no file at {file}.";
        }

        for (var i = 0; i < SeedNodes.Count; i++)
        {
            var node = SeedNodes[i];
            if (string.IsNullOrWhiteSpace(node.Id) || (string.IsNullOrWhiteSpace(node.Organisation) && node.DevShare is null) || string.IsNullOrWhiteSpace(node.PublicKeyFile))
            {
                yield return $"{Section}:SeedNodes:{i} needs Id, Organisation (or DevShare) and PublicKeyFile.";
            }
            else if (node.DevShare is { } share && (share.Nodes < 1 || share.Node < 1 || share.Node > share.Nodes))
            {
                yield return $"{Section}:SeedNodes:{i}:DevShare: Node must be between 1 and Nodes.";
            }
            else if (!File.Exists(node.PublicKeyFile))
            {
                yield return $"{Section}:SeedNodes:{i}:PublicKeyFile: no file at {node.PublicKeyFile}.";
            }
        }
    }
}

/// <summary>A node the hub registers at start (<c>Eucaim:Federation:Hub:SeedNodes:N</c>).</summary>
public sealed class FederationSeedNode
{
    public string Id { get; set; } = "";

    public string Organisation { get; set; } = "";

    public string PublicKeyFile { get; set; } = "";

    public List<Guid> Datasets { get; set; } = [];

    /// <summary>
    /// The local topology's node <c>Node</c> of <c>Nodes</c>: its datasets and organisations are its share of
    /// the seed catalogue (<see cref="DevFederation"/>), added to <see cref="Datasets"/>.
    /// </summary>
    public FederationDevShare? DevShare { get; set; }
}

/// <summary>Which dev node of how many (<c>./dev up --nodes N</c>).</summary>
public sealed class FederationDevShare
{
    public int Node { get; set; }

    public int Nodes { get; set; }
}
