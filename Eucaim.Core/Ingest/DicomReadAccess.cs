using Eucaim.Core.Access;
using Eucaim.Core.Catalogue;
using Eucaim.Core.Data;
using Eucaim.Core.Identity;
using Eucaim.Core.Platform;
using Eucaim.Core.Tenants;
using Microsoft.EntityFrameworkCore;

namespace Eucaim.Core.Ingest;

/// <summary>The dataset version a DICOMweb read addresses, once the caller is allowed to.</summary>
public sealed record DicomReadTarget(Dataset Dataset, int Version);

/// <summary>
/// The one authorization rule for QIDO-RS and WADO-RS. The dataset's data holders and admins read
/// the draft while there is one (what they are building), else the latest published version.
/// A researcher reads through an active grant of a tenant they belong to: the version the grant
/// names, or the latest published one; the newest such version when several grants apply.
/// Nobody reads an invalidated dataset through a grant; everyone else gets 404, as for a dataset that does not exist.
/// </summary>
public static class DicomReadAccess
{
    public static async Task<Outcome<DicomReadTarget>> TargetAsync(
        EucaimDbContext db, PlatformIdentity caller, Guid datasetId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var loaded = await LoadedDataset.LoadAsync(db, datasetId, cancellationToken);
        if (loaded is null)
        {
            return CatalogueProblems.NotFound(datasetId);
        }

        var version = caller.Owns(loaded.Dataset)
            ? loaded.Draft?.Number ?? loaded.Published?.Number
            : await GrantedVersionAsync(db, caller, loaded.Dataset, now, cancellationToken);
        return version is { } number ? new DicomReadTarget(loaded.Dataset, number) : CatalogueProblems.NotFound(datasetId);
    }

    /// <summary>Whether a researcher may read the dataset through a grant at all (before asking the database).</summary>
    public static bool MayReadThroughGrant(PlatformIdentity caller, Dataset dataset) =>
        caller.IsSignedIn && dataset.WasEverPublished && dataset.State != DatasetState.Invalidated;

    /// <summary>The version the grants name: the latest published when one names none, else the newest named.</summary>
    public static int? GrantedVersion(IReadOnlyList<int?> grantedVersions, int latestVersion) =>
        grantedVersions.Count == 0 ? null : grantedVersions.Any(v => v is null) ? latestVersion : grantedVersions.Max();

    private static async Task<int?> GrantedVersionAsync(
        EucaimDbContext db, PlatformIdentity caller, Dataset dataset, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (!MayReadThroughGrant(caller, dataset))
        {
            return null;
        }

        var tenants = db.Tenants.VisibleTo(caller).Select(t => t.Id);
        var versions = await db.Grants.AsNoTracking().ActiveAt(now)
            .Where(g => g.DatasetId == dataset.Id && tenants.Contains(g.TenantId))
            .Select(g => g.Version)
            .ToListAsync(cancellationToken);
        return GrantedVersion(versions, dataset.LatestVersion);
    }
}
