using Eucaim.Api.Catalogue;
using Eucaim.Core.Access;
using Eucaim.Core.Catalogue;
using Eucaim.Core.Data;
using Eucaim.Core.Identity;
using Eucaim.Core.Tenants;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Eucaim.Api.DicomWeb;

/// <summary>The dataset version a DICOMweb request addresses, once the caller is allowed to.</summary>
internal sealed record DicomWebTarget(Dataset Dataset, int Version);

/// <summary>
/// Who may read a dataset through DICOMweb: retrieval (QIDO-RS, WADO-RS) is decided by
/// <see cref="ReadTargetAsync"/> alone; everyone else gets 404, as for a dataset that does not exist.
/// Storing (STOW-RS) is decided by <see cref="Core.Ingest.StoreInstances"/>.
/// </summary>
internal static class DicomWebAccess
{
    /// <summary>
    /// The one authorization rule for QIDO-RS and WADO-RS. The dataset's data holders and admins read
    /// the draft while there is one (what they are building), else the latest published version.
    /// A researcher reads through an active grant of a tenant they belong to: the version the grant
    /// names, or the latest published one; the newest such version when several grants apply.
    /// Nobody reads an invalidated dataset through a grant.
    /// </summary>
    public static async Task<(DicomWebTarget? Target, ProblemHttpResult? Problem)> ReadTargetAsync(
        EucaimDbContext db, PlatformIdentity caller, Guid datasetId, TimeProvider clock, CancellationToken cancellationToken)
    {
        var loaded = await LoadedDataset.LoadAsync(db, datasetId, cancellationToken);
        if (loaded is null)
        {
            return (null, DatasetProblems.NotFound(datasetId));
        }

        var version = caller.Owns(loaded.Dataset)
            ? loaded.Draft?.Number ?? loaded.Published?.Number
            : await GrantedVersionAsync(db, caller, loaded.Dataset, clock.GetUtcNow(), cancellationToken);
        return version is null ? (null, DatasetProblems.NotFound(datasetId)) : (new DicomWebTarget(loaded.Dataset, version.Value), null);
    }

    private static async Task<int?> GrantedVersionAsync(
        EucaimDbContext db, PlatformIdentity caller, Dataset dataset, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (!caller.IsSignedIn || !dataset.WasEverPublished || dataset.State == DatasetState.Invalidated)
        {
            return null;
        }

        var tenants = db.Tenants.VisibleTo(caller).Select(t => t.Id);
        var versions = await db.Grants.AsNoTracking().ActiveAt(now)
            .Where(g => g.DatasetId == dataset.Id && tenants.Contains(g.TenantId))
            .Select(g => g.Version)
            .ToListAsync(cancellationToken);
        if (versions.Count == 0)
        {
            return null;
        }

        return versions.Any(v => v is null) ? dataset.LatestVersion : versions.Max();
    }
}
