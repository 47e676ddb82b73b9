using Eucaim.Core.Audit;
using Eucaim.Core.Data;
using Eucaim.Core.Identity;
using Eucaim.Core.Platform;

namespace Eucaim.Core.Catalogue;

/// <summary>
/// Invalidates a published dataset with a reason: it stays readable, no longer listed. One
/// transaction with the listing and the audit entry; 412 when another change came first.
/// </summary>
public sealed class WithdrawDataset(UnitOfWork uow)
{
    public Task<Outcome<LoadedDataset>> RunAsync(Actor actor, Guid id, IReadOnlyCollection<uint>? ifMatch, string? reason, CancellationToken cancellationToken) =>
        uow.RunAsync<LoadedDataset>(async (scope, ct) =>
        {
            var loaded = await LoadedDataset.LoadForChangeAsync(scope.Db, actor.Identity, id, ifMatch, ifMatchRequired: false, ct);
            if (!loaded.Succeeded)
            {
                return loaded.Problem;
            }

            var dataset = loaded.Value.Dataset;

            var trimmed = DatasetLifecycle.InvalidationReason(reason);
            if (!trimmed.Succeeded)
            {
                return trimmed.Problem;
            }

            if (DatasetLifecycle.RefuseInvalidation(dataset) is { } refused)
            {
                return refused;
            }

            DatasetLifecycle.Invalidate(dataset, trimmed.Value, actor.Identity.Author(), scope.Now);
            // Saved here, not at the commit: the listing is computed from the saved rows.
            await scope.Db.SaveChangesAsync(ct);
            await CatalogueProjection.RefreshAsync(scope.Db, dataset.Id, ct);
            scope.Audit(DatasetAuditEntries.Entry(actor, AuditActions.DatasetInvalidated, dataset, ("reason", trimmed.Value)));
            return loaded.Value;
        }, cancellationToken, lostRace: CatalogueProblems.PreconditionFailed);
}
