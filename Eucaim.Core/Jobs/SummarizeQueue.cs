using Eucaim.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace Eucaim.Core.Jobs;

/// <summary>Pending and running jobs per flavor over all tenants: counts only, so nothing of any bubble shows.</summary>
public sealed class SummarizeQueue(EucaimDbContext db)
{
    public sealed record FlavorLoad(string Flavor, int Pending, int Running);

    public async Task<IReadOnlyList<FlavorLoad>> RunAsync(CancellationToken cancellationToken)
    {
        var counts = await db.Jobs.AsNoTracking()
            .Where(j => j.Status == JobStatus.Queued || j.Status == JobStatus.Starting || j.Status == JobStatus.Running)
            .GroupBy(j => new { j.Flavor, Pending = j.Status == JobStatus.Queued })
            .Select(g => new { g.Key.Flavor, g.Key.Pending, Count = g.Count() })
            .ToListAsync(cancellationToken);
        var flavors = await db.Flavors.AsNoTracking().Select(f => f.Name).ToListAsync(cancellationToken);
        return [.. flavors.Union(counts.Select(c => c.Flavor)).Order(StringComparer.Ordinal)
            .Select(f => new FlavorLoad(f,
                counts.Where(c => c.Flavor == f && c.Pending).Sum(c => c.Count),
                counts.Where(c => c.Flavor == f && !c.Pending).Sum(c => c.Count)))];
    }
}
