namespace Eucaim.Workers.Federation;

/// <summary><c>Eucaim:Federation:Node:DevSeed</c>: which dev node this is (1-based) of how many (<c>./dev up --nodes N</c>).</summary>
public sealed class FederationDevSeedOptions
{
    public int Node { get; set; }

    public int Nodes { get; set; }
}
