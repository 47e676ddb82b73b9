using Eucaim.Core.Data;
using Eucaim.Core.Identity;
using Microsoft.EntityFrameworkCore;

namespace Eucaim.Core.Federation;

/// <summary>
/// Who at the node sees and decides a run: the organisations holding the datasets it reads. A data holder of any of
/// them (and the node's admins) sees it; only one who holds data for all of them decides, so no hospital's data is
/// used on another's say.
/// </summary>
public static class NodeRunHolders
{
    public static async Task<IReadOnlyList<string>> OrganisationsAsync(EucaimDbContext db, NodeRun run, CancellationToken cancellationToken)
    {
        var datasets = run.Datasets.ToList();
        return await db.Datasets.AsNoTracking().Where(d => datasets.Contains(d.Id)).Select(d => d.OrganizationKey).Distinct()
            .OrderBy(o => o).ToListAsync(cancellationToken);
    }

    public static bool Sees(PlatformIdentity identity, IReadOnlyList<string> organisations) =>
        identity.IsAdmin || organisations.Any(identity.HoldsDataFor);

    public static bool Decides(PlatformIdentity identity, IReadOnlyList<string> organisations) =>
        organisations.Count > 0 && organisations.All(identity.HoldsDataFor);
}
