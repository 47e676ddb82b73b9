using Eucaim.Api.Catalogue;
using Eucaim.Core.Catalogue;
using Eucaim.Core.Data;
using Eucaim.Core.Identity;
using Eucaim.Core.Ingest;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Eucaim.Api.Ingest;

/// <summary>
/// Uploads and ingests belong to a dataset: only its organization's data holders and admins see
/// them. Everyone else gets 404, exactly as for an id that does not exist.
/// </summary>
internal static class UploadAccess
{
    public static async Task<Upload?> FindAsync(EucaimDbContext db, PlatformIdentity caller, Guid id, CancellationToken cancellationToken)
    {
        var upload = await db.Uploads.SingleOrDefaultAsync(u => u.Id == id, cancellationToken);
        return upload is not null && MayWrite(caller, upload.OrganizationKey) ? upload : null;
    }

    public static async Task<IngestJob?> FindIngestAsync(EucaimDbContext db, PlatformIdentity caller, Guid id, CancellationToken cancellationToken)
    {
        var job = await db.IngestJobs.SingleOrDefaultAsync(j => j.Id == id, cancellationToken);
        return job is not null && MayWrite(caller, job.OrganizationKey) ? job : null;
    }

    public static bool MayWrite(PlatformIdentity caller, string organizationKey) =>
        caller.IsAdmin || caller.HoldsDataFor(organizationKey);

    /// <summary>The dataset's draft to upload into, or the problem to answer: 404 (not visible), 403 (not owner), 409 (no draft).</summary>
    public static async Task<(Dataset? Dataset, DatasetVersion? Draft, ProblemHttpResult? Problem)> DraftForUploadAsync(
        EucaimDbContext db, PlatformIdentity caller, Guid datasetId, CancellationToken cancellationToken)
    {
        var loaded = await DatasetStore.LoadAsync(db, datasetId, cancellationToken);
        if (loaded is null || !caller.Sees(loaded.Dataset))
        {
            return (null, null, DatasetProblems.NotFound(datasetId));
        }

        if (!caller.Owns(loaded.Dataset))
        {
            return (null, null, DatasetProblems.NotOwner(loaded.Dataset.OrganizationKey));
        }

        if (loaded.Dataset.State == DatasetState.Invalidated)
        {
            return (null, null, DatasetProblems.Conflict("The dataset is invalidated.", "An invalidated dataset takes no new data."));
        }

        if (loaded.Draft is null)
        {
            return (null, null, DatasetProblems.Conflict("The dataset has no draft.",
                "Published versions never change: start the next version with PUT /api/datasets/{id}/draft, then upload into it."));
        }

        return (loaded.Dataset, loaded.Draft, null);
    }
}
