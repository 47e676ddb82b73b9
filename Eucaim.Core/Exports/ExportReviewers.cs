using Eucaim.Core.Data;
using Eucaim.Core.Identity;
using Microsoft.EntityFrameworkCore;

namespace Eucaim.Core.Exports;

/// <summary>
/// Who may decide an export: the access committee, or a data holder who holds every dataset the job
/// read (a data holder of one dataset cannot release results built on another holder's data). Never
/// the person who asked.
/// </summary>
public static class ExportReviewers
{
    /// <summary>
    /// The rule itself. <paramref name="datasetOrganizations"/> has the holding organization of each
    /// dataset the job read, null for a dataset that no longer exists (then no data holder may decide).
    /// </summary>
    public static bool MayReview(PlatformIdentity identity, string requestedBy, IReadOnlyList<string?> datasetOrganizations)
    {
        if (!identity.IsSignedIn || requestedBy == identity.Subject)
        {
            return false;
        }

        if (identity.IsAccessCommittee)
        {
            return true;
        }

        return identity.DataHolderOrganizations.Count > 0
            && datasetOrganizations.Count > 0
            && datasetOrganizations.All(o => o is not null && identity.HoldsDataFor(o));
    }

    /// <summary>Whether the caller might review some export at all, before any export is read.</summary>
    public static bool MayReviewAny(PlatformIdentity identity) => identity.IsAccessCommittee || identity.DataHolderOrganizations.Count > 0;

    /// <summary><see cref="MayReview"/> for a stored export: reads the organizations only when the rule needs them.</summary>
    public static async Task<bool> MayReviewAsync(EucaimDbContext db, PlatformIdentity identity, ExportRequest export, CancellationToken cancellationToken)
    {
        if (!identity.IsSignedIn || export.RequestedBy == identity.Subject || !MayReviewAny(identity))
        {
            return false;
        }

        if (identity.IsAccessCommittee)
        {
            return true;
        }

        var datasetIds = await db.Jobs.AsNoTracking().Where(j => j.Id == export.JobId).Select(j => j.Datasets.Select(d => d.DatasetId).ToList()).FirstAsync(cancellationToken);
        var organizations = await db.Datasets.AsNoTracking().Where(d => datasetIds.Contains(d.Id))
            .ToDictionaryAsync(d => d.Id, d => d.OrganizationKey, cancellationToken);
        return MayReview(identity, export.RequestedBy, [.. datasetIds.Select(id => organizations.GetValueOrDefault(id))]);
    }
}
