using Eucaim.Core.Data;
using Eucaim.Core.Identity;
using Eucaim.Core.Platform;
using Microsoft.EntityFrameworkCore;

namespace Eucaim.Core.Catalogue;

/// <summary>A dataset with the two versions that matter for reading and editing it.</summary>
public sealed record LoadedDataset(Dataset Dataset, DatasetVersion? Published, DatasetVersion? Draft)
{
    /// <summary>The dataset (tracked, so that a use case can change it) with its latest published version and its draft.</summary>
    public static async Task<LoadedDataset?> LoadAsync(EucaimDbContext db, Guid id, CancellationToken cancellationToken)
    {
        var dataset = await db.Datasets.Include(d => d.Organization).SingleOrDefaultAsync(d => d.Id == id, cancellationToken);
        if (dataset is null)
        {
            return null;
        }

        var versions = await db.DatasetVersions
            .Where(v => v.DatasetId == id && (v.Status == DatasetVersionStatus.Draft || v.Number == dataset.LatestVersion))
            .ToListAsync(cancellationToken);
        return new LoadedDataset(
            dataset,
            versions.SingleOrDefault(v => v.Status == DatasetVersionStatus.Published),
            versions.SingleOrDefault(v => v.Status == DatasetVersionStatus.Draft));
    }

    /// <summary>
    /// The dataset for a change by <paramref name="caller"/>: hidden or refused as
    /// <see cref="DatasetAccess.ChangeableBy"/> decides, then held to the caller's If-Match (412 when
    /// another change came first, 428 when <paramref name="ifMatchRequired"/> and none was sent).
    /// </summary>
    public static async Task<Outcome<LoadedDataset>> LoadForChangeAsync(
        EucaimDbContext db, PlatformIdentity caller, Guid id, IReadOnlyCollection<uint>? ifMatch, bool ifMatchRequired, CancellationToken cancellationToken)
    {
        var loaded = (await LoadAsync(db, id, cancellationToken)).ChangeableBy(caller, id);
        if (loaded.Succeeded && DatasetPreconditions.Check(ifMatch, loaded.Value.Dataset.RowVersion, ifMatchRequired) is { } failed)
        {
            return failed;
        }

        return loaded;
    }
}
