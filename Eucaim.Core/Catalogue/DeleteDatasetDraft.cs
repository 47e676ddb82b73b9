using Eucaim.Core.Audit;
using Eucaim.Core.Contracts;
using Eucaim.Core.Data;
using Eucaim.Core.Identity;
using Eucaim.Core.Platform;
using Eucaim.Core.Storage;

namespace Eucaim.Core.Catalogue;

/// <summary>
/// Deletes a dataset that was never published (published ones can only be invalidated), with its
/// blobs: tombstones recorded in the same transaction send the blob sweeper after them.
/// </summary>
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
            // The rows go now; their blobs (instances, uploads still in quarantine) go with the sweeper, which cannot forget them.
            var reason = $"dataset {dataset.Id} deleted";
            BlobSweeps.Record(scope.Db, BlobContainers.Datasets, BlobLayout.Datasets.DatasetPrefix(dataset.Id), reason, scope.Now);
            BlobSweeps.Record(scope.Db, BlobContainers.Quarantine, BlobLayout.Quarantine.DatasetUploadsPrefix(dataset.Id), reason, scope.Now);
            await BlobSweeps.NotifyAsync(scope.Db, dataset.Id, ct);
            scope.Audit(DatasetAuditEntries.Entry(actor, AuditActions.DatasetDeleted, dataset));
            return Done.Value;
        }, cancellationToken, lostRace: CatalogueProblems.PreconditionFailed);
}
