using Eucaim.Core.Data;
using Eucaim.Core.Identity;
using Eucaim.Core.Jobs;
using Eucaim.Core.Platform;
using Microsoft.EntityFrameworkCore;

namespace Eucaim.Core.Federation;

/// <summary>
/// Federated runs as their tenant's members (and admins) see them, each node's state, reason and accepted result.
/// Anyone else gets "not found", as for jobs.
/// </summary>
public sealed class ReadFederatedRuns(EucaimDbContext db)
{
    public const int PageSize = 100;

    public async Task<Outcome<FederatedRun>> RunAsync(PlatformIdentity identity, Guid id, CancellationToken cancellationToken)
    {
        var run = await Visible(identity).Include(r => r.Nodes).AsNoTracking().AsSplitQuery().FirstOrDefaultAsync(r => r.Id == id, cancellationToken);
        return run is null ? Problem.NotFound("federation-run", id) : run;
    }

    /// <summary>The newest runs of <paramref name="tenant"/> (or of every tenant the caller sees), newest first.</summary>
    public async Task<Outcome<IReadOnlyList<FederatedRun>>> ListAsync(PlatformIdentity identity, string? tenant, CancellationToken cancellationToken)
    {
        var runs = Visible(identity);
        if (!string.IsNullOrWhiteSpace(tenant))
        {
            runs = runs.Where(r => r.TenantSlug == tenant);
        }

        var list = await runs.Include(r => r.Nodes).AsNoTracking().AsSplitQuery()
            .OrderByDescending(r => r.SubmittedAt).Take(PageSize).ToListAsync(cancellationToken);
        return list;
    }

    private IQueryable<FederatedRun> Visible(PlatformIdentity identity)
    {
        if (identity.IsAdmin)
        {
            return db.FederatedRuns;
        }

        var tenants = db.Tenants.MemberTenants(identity).Select(t => t.Id);
        return db.FederatedRuns.Where(r => tenants.Contains(r.TenantId));
    }
}
