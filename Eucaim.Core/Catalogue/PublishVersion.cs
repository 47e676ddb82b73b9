using System.Globalization;
using Eucaim.Core.Audit;
using Eucaim.Core.Data;
using Eucaim.Core.Identity;
using Eucaim.Core.Platform;
using Microsoft.EntityFrameworkCore;

namespace Eucaim.Core.Catalogue;

/// <summary>
/// Publishes the draft as an immutable, numbered version, in one transaction: the draft locked, its
/// data prepared (<see cref="IPublicationPreparation"/>: ingests checked, manifest written), the version
/// and the dataset updated (conditional on the row version: 412 when another change came first), the
/// search listing refreshed, the audit entry appended.
/// </summary>
public sealed class PublishVersion(UnitOfWork uow, IEnumerable<IPublicationPreparation> preparations)
{
    public Task<Outcome<LoadedDataset>> RunAsync(Actor actor, Guid id, IReadOnlyCollection<uint>? ifMatch, CancellationToken cancellationToken) =>
        uow.RunAsync<LoadedDataset>(async (scope, ct) =>
        {
            var loaded = await LoadedDataset.LoadForChangeAsync(scope.Db, actor.Identity, id, ifMatch, ifMatchRequired: false, ct);
            if (!loaded.Succeeded)
            {
                return loaded.Problem;
            }

            var dataset = loaded.Value.Dataset;

            var publishable = DatasetLifecycle.PublishableDraft(dataset, loaded.Value.Draft);
            if (!publishable.Succeeded)
            {
                return publishable.Problem;
            }

            var draft = publishable.Value;
            // The draft's row stays locked until the commit: nothing is indexed into it between its preparation and its publication.
            await scope.Db.Database.ExecuteSqlInterpolatedAsync($"SELECT 1 FROM dataset_versions WHERE id = {draft.Id} FOR UPDATE", ct);
            foreach (var preparation in preparations)
            {
                if (await preparation.PrepareAsync(scope.Db, dataset, draft, ct) is { } problem)
                {
                    return problem;
                }
            }

            DatasetLifecycle.Publish(dataset, draft, actor.Identity.Author(), scope.Now);
            // Saved here, not at the commit: the listing is computed from the saved rows.
            await scope.Db.SaveChangesAsync(ct);
            await CatalogueProjection.RefreshAsync(scope.Db, dataset.Id, ct);
            scope.Audit(DatasetAuditEntries.Entry(actor, AuditActions.DatasetPublished, dataset, ("version", draft.Number.ToString(CultureInfo.InvariantCulture))));
            return new LoadedDataset(dataset, draft, null);
        }, cancellationToken, lostRace: CatalogueProblems.PreconditionFailed);
}
