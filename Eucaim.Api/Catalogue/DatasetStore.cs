using Eucaim.Core.Catalogue;
using Eucaim.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace Eucaim.Api.Catalogue;

/// <summary>A dataset with the two versions that matter for reading and editing it.</summary>
internal sealed record LoadedDataset(Dataset Dataset, DatasetVersion? Published, DatasetVersion? Draft);

internal static class DatasetStore
{
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

    /// <summary>The reader's view: the published metadata, or the draft's while there is none.</summary>
    public static DatasetView View(LoadedDataset loaded, bool owner)
    {
        var (dataset, published, draft) = loaded;
        var shown = published ?? draft ?? throw new InvalidOperationException($"dataset {dataset.Id} has no version");
        return new DatasetView(
            dataset.Id,
            new OrganizationView(dataset.OrganizationKey, dataset.Organization?.Name ?? dataset.OrganizationKey),
            dataset.State.ToString().ToLowerInvariant(),
            published?.Number,
            owner ? draft?.Number : null,
            dataset.CreatedAt,
            dataset.UpdatedAt,
            published?.PublishedAt,
            dataset.InvalidatedAt is { } at ? new InvalidationView(dataset.InvalidationReason!, at) : null,
            DatasetMetadata.From(shown),
            shown.SexGroup);
    }
}
