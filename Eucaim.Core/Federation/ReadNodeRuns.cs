using Eucaim.Core.Data;
using Eucaim.Core.Identity;
using Eucaim.Core.Platform;
using Microsoft.EntityFrameworkCore;

namespace Eucaim.Core.Federation;

/// <summary>
/// The runs the hub sent this node, as its data holders (and admins) see them (<see cref="NodeRunHolders"/>): what was
/// asked, by whom, with what decision, and the result held for release. Anyone else gets "not found".
/// </summary>
public sealed class ReadNodeRuns(EucaimDbContext db)
{
    public const int PageSize = 200;

    public async Task<Outcome<NodeRunView>> RunAsync(PlatformIdentity identity, Guid id, CancellationToken cancellationToken)
    {
        var run = await db.NodeRuns.AsNoTracking().FirstOrDefaultAsync(r => r.Id == id, cancellationToken);
        if (run is null || !identity.IsSignedIn)
        {
            return Problem.NotFound("node-run", id);
        }

        var organisations = await NodeRunHolders.OrganisationsAsync(db, run, cancellationToken);
        return NodeRunHolders.Sees(identity, organisations)
            ? new NodeRunView(run, organisations, NodeRunHolders.Decides(identity, organisations))
            : Problem.NotFound("node-run", id, hidesExisting: true);
    }

    /// <summary>The newest runs the caller sees, in <paramref name="state"/> when given.</summary>
    public async Task<Outcome<IReadOnlyList<NodeRunView>>> ListAsync(PlatformIdentity identity, string? state, CancellationToken cancellationToken)
    {
        if (state is not null && !NodeRunStates.All.Contains(state))
        {
            return Problem.Invalid("state", $"one of {string.Join(", ", NodeRunStates.All)}.");
        }

        if (!identity.IsSignedIn)
        {
            return Array.Empty<NodeRunView>();
        }

        var query = db.NodeRuns.AsNoTracking();
        if (state is not null)
        {
            query = query.Where(r => r.State == state);
        }

        var runs = await query.OrderByDescending(r => r.ReceivedAt).Take(PageSize).ToListAsync(cancellationToken);
        var datasets = runs.SelectMany(r => r.Datasets).Distinct().ToList();
        var holders = await db.Datasets.AsNoTracking().Where(d => datasets.Contains(d.Id)).ToDictionaryAsync(d => d.Id, d => d.OrganizationKey, cancellationToken);
        var views = new List<NodeRunView>();
        foreach (var run in runs)
        {
            var organisations = run.Datasets.Where(holders.ContainsKey).Select(d => holders[d]).Distinct().Order(StringComparer.Ordinal).ToList();
            if (NodeRunHolders.Sees(identity, organisations))
            {
                views.Add(new NodeRunView(run, organisations, NodeRunHolders.Decides(identity, organisations)));
            }
        }

        return views;
    }
}

/// <param name="Organisations">The organisations holding the run's datasets at this node.</param>
/// <param name="CallerDecides">Whether the caller may approve, refuse, release or withhold it.</param>
public sealed record NodeRunView(NodeRun Run, IReadOnlyList<string> Organisations, bool CallerDecides);
