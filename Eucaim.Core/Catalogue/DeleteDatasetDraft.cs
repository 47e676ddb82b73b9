using Eucaim.Core.Data;
using Eucaim.Core.Identity;
using Eucaim.Core.Platform;

namespace Eucaim.Core.Catalogue;

/// <summary>Deletes a dataset that was never published; published ones can only be invalidated.</summary>
public sealed class DeleteDatasetDraft(UnitOfWork uow)
{
    public Task<Outcome<Done>> RunAsync(Actor actor, Guid id, IReadOnlyCollection<uint>? ifMatch, CancellationToken cancellationToken) =>
        uow.RunAsync<Done>(async (scope, ct) =>
        {
            var loaded = await LoadedDataset.LoadForChangeAsync(scope.Db, actor.Identity, id, ifMatch, ifMatchRequired: false, ct);
            if (!loaded.Succeeded)
            {
                return loaded.Problem;
            }

            var dataset = loaded.Value.Dataset;
            if (DatasetLifecycle.RefuseDeletion(dataset) is { } refused)
            {
                return refused;
            }

            scope.Db.Datasets.Remove(dataset);
            return Done.Value;
        }, cancellationToken, lostRace: CatalogueProblems.PreconditionFailed);
}
