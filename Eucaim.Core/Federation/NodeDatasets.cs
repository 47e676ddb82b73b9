using Eucaim.Core.Catalogue;
using Eucaim.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace Eucaim.Core.Federation;

/// <summary>Checks that datasets given for a node exist and are kept in federated nodes.</summary>
internal static class NodeDatasets
{
    /// <returns>Null when every id is a dataset whose latest version is shared through a federated node; otherwise why not.</returns>
    public static async Task<string?> ProblemAsync(EucaimDbContext db, IReadOnlyList<Guid> ids, CancellationToken cancellationToken)
    {
        if (ids.Count == 0)
        {
            return "datasets must list at least one dataset the node serves.";
        }

        var distinct = ids.Distinct().ToList();
        var latest = await db.Datasets.AsNoTracking().Where(d => distinct.Contains(d.Id))
            .Select(d => new
            {
                d.Id,
                Sharing = db.DatasetVersions.Where(v => v.DatasetId == d.Id).OrderByDescending(v => v.Number).Select(v => (SharingMode?)v.SharingMode).FirstOrDefault(),
            })
            .ToListAsync(cancellationToken);
        var unknown = distinct.Except(latest.Select(d => d.Id)).ToList();
        if (unknown.Count > 0)
        {
            return $"datasets: no dataset {string.Join(", ", unknown)}.";
        }

        var central = latest.Where(d => d.Sharing != SharingMode.FederatedNode).Select(d => d.Id).ToList();
        return central.Count > 0
            ? $"datasets: {string.Join(", ", central)} {(central.Count == 1 ? "is" : "are")} not shared through a federated node (sharing mode {SharingModes.FederatedNode})."
            : null;
    }
}
