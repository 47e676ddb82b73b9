using Eucaim.Core.Data;
using Eucaim.Core.Identity;
using Eucaim.Core.Platform;

namespace Eucaim.Core.Catalogue;

/// <summary>
/// Edits a dataset's draft under If-Match (required); on a published dataset it starts the next
/// version's draft. The save is conditional on the row version, so a concurrent edit gets 412.
/// </summary>
public sealed class EditDatasetDraft(UnitOfWork uow)
{
    public Task<Outcome<(Dataset Dataset, DatasetVersion Draft)>> RunAsync(
        Actor actor, Guid id, IReadOnlyCollection<uint>? ifMatch, DatasetSubmission submission, CancellationToken cancellationToken) =>
        uow.RunAsync<(Dataset, DatasetVersion)>(async (scope, ct) =>
        {
            var loaded = await LoadedDataset.LoadForChangeAsync(scope.Db, actor.Identity, id, ifMatch, ifMatchRequired: true, ct);
            if (!loaded.Succeeded)
            {
                return loaded.Problem;
            }

            var (dataset, published, draft) = loaded.Value;
            if ((DatasetLifecycle.RefuseEdit(dataset) ?? submission.Unreadable) is { } problem)
            {
                return problem;
            }

            var errors = submission.MetadataErrors();
            if (errors.Count > 0)
            {
                return CatalogueProblems.Invalid(errors, "The dataset is not valid.");
            }

            var author = actor.Identity.Author();
            if (draft is null)
            {
                draft = DatasetVersion.Begin(dataset.Id, DatasetLifecycle.NextDraftNumber(published), DatasetVersionStatus.Draft, author, scope.Now);
                scope.Db.DatasetVersions.Add(draft);
            }

            (submission.Metadata ?? new DatasetMetadata()).ApplyTo(draft);
            draft.UpdatedAt = scope.Now;
            dataset.Touch(author, scope.Now);
            return (dataset, draft);
        }, cancellationToken, lostRace: CatalogueProblems.PreconditionFailed);
}
