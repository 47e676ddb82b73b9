using Eucaim.Core.Catalogue.Seed;

namespace Eucaim.Core.Federation;

/// <summary>
/// The local topology's split of the seed catalogue's federated datasets among <c>node-1</c> … <c>node-N</c>
/// (<c>./dev up --nodes N</c>): whole organisations, in ordinal order of their acronyms, dealt out in turn,
/// so each hospital sits on one node. The hub registers each dev node with these datasets and the node
/// seeds the same ones, under the same ids (<see cref="SeedCatalogue.IdOf"/>).
/// </summary>
public static class DevFederation
{
    public const string FederatedSharing = "Federated Node";

    /// <summary>The dev node's id: <c>node-1</c> for <paramref name="node"/> 1.</summary>
    public static string NodeId(int node) => $"node-{node}";

    /// <param name="node">1-based.</param>
    public static IReadOnlyList<SeedDataset> DatasetsOfNode(int node, int nodes)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(nodes, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(node, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(node, nodes);
        var federated = SeedCatalogue.Read().Where(d => string.Equals(d.DataSharing, FederatedSharing, StringComparison.OrdinalIgnoreCase)).ToList();
        var organisations = federated.Select(d => d.OrganizationAcronym).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var mine = organisations.Where((_, i) => i % nodes == node - 1).ToHashSet(StringComparer.Ordinal);
        return federated.Where(d => mine.Contains(d.OrganizationAcronym)).ToList();
    }
}
