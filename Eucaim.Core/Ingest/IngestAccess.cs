using Eucaim.Core.Catalogue;
using Eucaim.Core.Data;
using Eucaim.Core.Identity;
using Eucaim.Core.Platform;
using Microsoft.EntityFrameworkCore;

namespace Eucaim.Core.Ingest;

/// <summary>
/// Uploads and ingests belong to a dataset: only its organization's data holders and admins see
/// them. Everyone else gets 404, exactly as for an id that does not exist.
/// </summary>
public static class IngestAccess
{
    public static bool MayWrite(PlatformIdentity caller, string organizationKey) =>
        caller.IsAdmin || caller.HoldsDataFor(organizationKey);

    public static async Task<Upload?> FindUploadAsync(EucaimDbContext db, PlatformIdentity caller, Guid id, CancellationToken cancellationToken)
    {
        var upload = await db.Uploads.SingleOrDefaultAsync(u => u.Id == id, cancellationToken);
        return upload is not null && MayWrite(caller, upload.OrganizationKey) ? upload : null;
    }

    public static async Task<IngestJob?> FindIngestAsync(EucaimDbContext db, PlatformIdentity caller, Guid id, CancellationToken cancellationToken)
    {
        var job = await db.IngestJobs.SingleOrDefaultAsync(j => j.Id == id, cancellationToken);
        return job is not null && MayWrite(caller, job.OrganizationKey) ? job : null;
    }

    /// <summary>The dataset when the caller owns it: 404 (not visible), 403 (not owner).</summary>
    public static async Task<Outcome<LoadedDataset>> OwnedDatasetAsync(EucaimDbContext db, PlatformIdentity caller, Guid datasetId, CancellationToken cancellationToken) =>
        (await LoadedDataset.LoadAsync(db, datasetId, cancellationToken)).ChangeableBy(caller, datasetId);

    /// <summary>The dataset's draft to upload into: 404 (not visible), 403 (not owner), 409 (invalidated, or no draft).</summary>
    public static async Task<Outcome<(Dataset Dataset, DatasetVersion Draft)>> DraftForUploadAsync(
        EucaimDbContext db, PlatformIdentity caller, Guid datasetId, CancellationToken cancellationToken)
    {
        var owned = await OwnedDatasetAsync(db, caller, datasetId, cancellationToken);
        if (!owned.Succeeded)
        {
            return owned.Problem;
        }

        return IngestRules.DraftForUpload(owned.Value);
    }
}
