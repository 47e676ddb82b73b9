using Eucaim.Core.Audit;
using Eucaim.Core.Data;
using Eucaim.Core.Identity;
using Eucaim.Core.Platform;

namespace Eucaim.Core.Catalogue;

/// <summary>Registers a dataset of the caller's organization as a draft (version 1).</summary>
public sealed class RegisterDataset(UnitOfWork uow)
{
    public Task<Outcome<LoadedDataset>> RunAsync(Actor actor, DatasetSubmission submission, CancellationToken cancellationToken) =>
        uow.RunAsync<LoadedDataset>(async (scope, ct) =>
        {
            if (submission.Unreadable is { } unreadable)
            {
                return unreadable;
            }

            var errors = submission.MetadataErrors();
            var key = submission.OrganizationKey;
            var organization = string.IsNullOrEmpty(key) ? null : await scope.Db.Organizations.FindAsync([key], ct);
            if (organization is null)
            {
                errors["organization"] = [string.IsNullOrEmpty(key)
                    ? "The organization the dataset belongs to is required (its key, e.g. CETIR)."
                    : $"'{key}' is not a known organization."];
            }

            if (errors.Count > 0 || organization is null)
            {
                return CatalogueProblems.Invalid(errors, "The dataset is not valid.");
            }

            var caller = actor.Identity;
            if (!caller.IsAdmin && !caller.HoldsDataFor(organization.Key))
            {
                return new Problem(ProblemKind.Forbidden, "You cannot register datasets for this organization.", $"You are not a data holder of '{organization.Key}'.")
                {
                    Extensions = new Dictionary<string, object?> { ["field"] = "organization" },
                };
            }

            var dataset = new Dataset
            {
                Id = Guid.CreateVersion7(scope.Now),
                OrganizationKey = organization.Key,
                Organization = organization,
                State = DatasetState.Draft,
                CreatedAt = scope.Now,
                CreatedBy = caller.Author(),
                UpdatedAt = scope.Now,
                UpdatedBy = caller.Author(),
            };
            var draft = DatasetVersion.Begin(dataset.Id, 1, DatasetVersionStatus.Draft, caller.Author(), scope.Now);
            (submission.Metadata ?? new DatasetMetadata()).ApplyTo(draft);
            dataset.Versions.Add(draft);
            scope.Db.Datasets.Add(dataset);
            scope.Audit(DatasetAuditEntries.Entry(actor, AuditActions.DatasetCreated, dataset));
            return new LoadedDataset(dataset, null, draft);
        }, cancellationToken);
}
