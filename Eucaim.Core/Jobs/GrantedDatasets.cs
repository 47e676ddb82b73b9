using Eucaim.Core.Access;
using Eucaim.Core.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Eucaim.Core.Jobs;

/// <summary>
/// <see cref="IDatasetGrants"/> over the access capability's grants, by the access clock (so a test
/// that moves it to a grant's end sees jobs stop too). A grant for "the latest version" resolves to
/// the dataset's latest published version when the job is submitted; the job keeps that version.
/// </summary>
public sealed class GrantedDatasets(EucaimDbContext db, IServiceProvider services) : IDatasetGrants
{
    private readonly TimeProvider _clock = services.GetService<AccessClock>() ?? services.GetService<TimeProvider>() ?? TimeProvider.System;

    public async Task<ActiveGrant?> FindActiveAsync(Guid tenantId, Guid datasetId, CancellationToken cancellationToken)
    {
        var grants = await db.Grants.AsNoTracking().ActiveAt(_clock.GetUtcNow())
            .Where(g => g.TenantId == tenantId && g.DatasetId == datasetId)
            .Select(g => new { g.Id, g.Version, g.ValidUntil })
            .ToListAsync(cancellationToken);
        if (grants.Count == 0)
        {
            return null;
        }

        var latest = grants.Where(g => g.Version is null).OrderByDescending(g => g.ValidUntil).FirstOrDefault();
        if (latest is not null)
        {
            var version = await db.Datasets.AsNoTracking().Where(d => d.Id == datasetId).Select(d => d.LatestVersion).FirstOrDefaultAsync(cancellationToken);
            return new ActiveGrant(latest.Id, version);
        }

        var fixedVersion = grants.OrderByDescending(g => g.Version).ThenByDescending(g => g.ValidUntil).First();
        return new ActiveGrant(fixedVersion.Id, fixedVersion.Version!.Value);
    }

    public async Task<IReadOnlySet<Guid>> EndedAsync(IReadOnlyCollection<Guid> grantIds, CancellationToken cancellationToken)
    {
        var active = await db.Grants.AsNoTracking().ActiveAt(_clock.GetUtcNow()).Where(g => grantIds.Contains(g.Id)).Select(g => g.Id).ToListAsync(cancellationToken);
        return grantIds.Except(active).ToHashSet();
    }
}
