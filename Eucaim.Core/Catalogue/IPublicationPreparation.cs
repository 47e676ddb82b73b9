using Eucaim.Core.Data;
using Eucaim.Core.Platform;

namespace Eucaim.Core.Catalogue;

/// <summary>
/// A feature that holds data in a dataset's versions and has a say before a draft is published
/// (ingest: every ingest finished, the version's manifest written). It runs inside the publication's
/// transaction, after the draft's row is locked; a problem it returns refuses the publication.
/// Implemented outside the catalogue, so that the catalogue does not depend on those features.
/// </summary>
public interface IPublicationPreparation
{
    Task<Problem?> PrepareAsync(EucaimDbContext db, Dataset dataset, DatasetVersion draft, CancellationToken cancellationToken);
}
