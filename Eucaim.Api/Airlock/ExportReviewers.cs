using Eucaim.Core.Data;
using Eucaim.Core.Identity;
using Eucaim.Core.Jobs;
using Microsoft.EntityFrameworkCore;

namespace Eucaim.Api.Airlock;

/// <summary>
/// Who may decide an export: the access committee, or a data holder who holds every dataset the job
/// read (a data holder of one dataset cannot release results built on another holder's data). Never
/// the person who asked.
/// </summary>
internal static class ExportReviewers
{
    public static async Task<bool> MayReviewAsync(EucaimDbContext db, PlatformIdentity identity, ExportRequest export, CancellationToken cancellationToken)
    {
        if (!identity.IsSignedIn || export.RequestedBy == identity.Subject)
        {
            return false;
        }

        if (identity.IsAccessCommittee)
        {
            return true;
        }

        if (identity.DataHolderOrganizations.Count == 0)
        {
            return false;
        }

        var datasetIds = await db.Jobs.AsNoTracking().Where(j => j.Id == export.JobId).Select(j => j.Datasets.Select(d => d.DatasetId).ToList()).FirstAsync(cancellationToken);
        if (datasetIds.Count == 0)
        {
            return false;
        }

        var organizations = await db.Datasets.AsNoTracking().Where(d => datasetIds.Contains(d.Id)).Select(d => d.OrganizationKey).ToListAsync(cancellationToken);
        return organizations.Count == datasetIds.Count && organizations.All(identity.HoldsDataFor);
    }
}
