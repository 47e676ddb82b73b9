using Eucaim.Core.Data;
using Eucaim.Core.Identity;
using Eucaim.Core.Jobs;
using Eucaim.Core.Platform;
using Microsoft.EntityFrameworkCore;

namespace Eucaim.Core.Federation;

/// <summary>
/// Federated trainings as their tenant's members (and admins) see them: each round's state, aggregator job and
/// metrics, each node's part. Anyone else gets "not found", as for runs and jobs.
/// </summary>
public sealed class ReadFederatedTrainings(EucaimDbContext db)
{
    public async Task<Outcome<FederatedTraining>> RunAsync(PlatformIdentity identity, Guid id, CancellationToken cancellationToken)
    {
        var training = await Visible(identity).Include(t => t.RoundsDone).ThenInclude(r => r.Contributions)
            .AsNoTracking().AsSplitQuery().FirstOrDefaultAsync(t => t.Id == id, cancellationToken);
        return training is null ? Problem.NotFound("federation-training", id) : training;
    }

    /// <summary>The newest trainings of <paramref name="tenant"/> (or of every tenant the caller sees), newest first, without their rounds.</summary>
    public async Task<Outcome<IReadOnlyList<FederatedTraining>>> ListAsync(PlatformIdentity identity, string? tenant, CancellationToken cancellationToken)
    {
        var trainings = Visible(identity);
        if (!string.IsNullOrWhiteSpace(tenant))
        {
            trainings = trainings.Where(t => t.TenantSlug == tenant);
        }

        return await trainings.AsNoTracking().OrderByDescending(t => t.SubmittedAt).Take(ReadFederatedRuns.PageSize).ToListAsync(cancellationToken);
    }

    private IQueryable<FederatedTraining> Visible(PlatformIdentity identity)
    {
        if (identity.IsAdmin)
        {
            return db.FederatedTrainings;
        }

        var tenants = db.Tenants.MemberTenants(identity).Select(t => t.Id);
        return db.FederatedTrainings.Where(t => tenants.Contains(t.TenantId));
    }
}
