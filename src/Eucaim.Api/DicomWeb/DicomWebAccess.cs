using Eucaim.Api.Catalogue;
using Eucaim.Core.Catalogue;
using Eucaim.Core.Data;
using Eucaim.Core.Identity;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Eucaim.Api.DicomWeb;

/// <summary>The dataset version a DICOMweb request addresses, once the caller is allowed to.</summary>
internal sealed record DicomWebTarget(Dataset Dataset, int Version);

/// <summary>
/// Who may use a dataset's DICOMweb endpoints. Storing (STOW-RS) is for the owning
/// organization's data holders and admins, into the draft. Retrieval (QIDO-RS, WADO-RS) is decided
/// by <see cref="MayRetrieve"/> alone; everyone else gets 404, as for a dataset that does not exist.
/// </summary>
internal static class DicomWebAccess
{
    /// <summary>
    /// The one authorization rule for QIDO-RS and WADO-RS: the dataset's data holders and admins.
    /// Researchers whose tenant holds an active grant for the dataset are to be added here when
    /// grants exist; they would read the latest published version (see <see cref="ReadTargetAsync"/>).
    /// </summary>
    public static bool MayRetrieve(PlatformIdentity caller, Dataset dataset) => caller.Owns(dataset);

    public static bool MayStore(PlatformIdentity caller, Dataset dataset) => caller.Owns(dataset);

    /// <summary>Owners read the draft while there is one (what they are building), else the latest published version.</summary>
    public static async Task<(DicomWebTarget? Target, ProblemHttpResult? Problem)> ReadTargetAsync(
        EucaimDbContext db, PlatformIdentity caller, Guid datasetId, CancellationToken cancellationToken)
    {
        var loaded = await DatasetStore.LoadAsync(db, datasetId, cancellationToken);
        if (loaded is null || !MayRetrieve(caller, loaded.Dataset))
        {
            return (null, DatasetProblems.NotFound(datasetId));
        }

        var version = caller.Owns(loaded.Dataset) && loaded.Draft is not null ? loaded.Draft.Number : loaded.Published?.Number;
        return version is null ? (null, DatasetProblems.NotFound(datasetId)) : (new DicomWebTarget(loaded.Dataset, version.Value), null);
    }

    public static async Task<(DicomWebTarget? Target, ProblemHttpResult? Problem)> StoreTargetAsync(
        EucaimDbContext db, PlatformIdentity caller, Guid datasetId, CancellationToken cancellationToken)
    {
        var loaded = await DatasetStore.LoadAsync(db, datasetId, cancellationToken);
        if (loaded is null || !caller.Sees(loaded.Dataset))
        {
            return (null, DatasetProblems.NotFound(datasetId));
        }

        if (!MayStore(caller, loaded.Dataset))
        {
            return (null, DatasetProblems.NotOwner(loaded.Dataset.OrganizationKey));
        }

        if (loaded.Draft is null || loaded.Dataset.State == DatasetState.Invalidated)
        {
            return (null, DatasetProblems.Conflict("The dataset has no draft.",
                "STOW-RS stores into the draft version; published versions never change. Start one with PUT /api/datasets/{id}/draft."));
        }

        return (new DicomWebTarget(loaded.Dataset, loaded.Draft.Number), null);
    }

    public static Task<Core.Ingest.DatasetIngestPolicy?> PolicyAsync(EucaimDbContext db, Guid datasetId, CancellationToken cancellationToken) =>
        db.DatasetIngestPolicies.AsNoTracking().SingleOrDefaultAsync(p => p.DatasetId == datasetId, cancellationToken);
}
