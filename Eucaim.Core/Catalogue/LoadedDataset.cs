using Eucaim.Core.Data;
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
}
