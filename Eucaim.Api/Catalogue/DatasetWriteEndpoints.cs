using Eucaim.Api.Audit;
using Eucaim.Core.Audit;
using Eucaim.Core.Catalogue;
using Eucaim.Core.Data;
using Eucaim.Core.Identity;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Eucaim.Api.Catalogue;

/// <summary>
/// The lifecycle. Every change touches the dataset row, whose version is the ETag; publication
/// and invalidation update the search listing in the same transaction.
/// </summary>
internal static class DatasetWriteEndpoints
{
    public const int MaxReasonLength = 2000;

    public static async Task<Results<Created<DatasetView>, ValidationProblem, ProblemHttpResult>> CreateAsync(
        HttpContext http, EucaimDbContext db, TimeProvider clock, CancellationToken cancellationToken)
    {
        if (!http.Request.HasJsonContentType())
        {
            return DatasetProblems.UnsupportedMediaType();
        }

        var (body, bodyErrors) = await JsonBody.ReadAsync(http.Request, cancellationToken);
        if (body is not { } json)
        {
            return TypedResults.ValidationProblem(bodyErrors!);
        }

        var (metadata, errors) = ReadMetadata(json);
        var organizationKey = json.TryGetProperty("organization", out var o) && o.ValueKind == System.Text.Json.JsonValueKind.String ? o.GetString()!.Trim() : null;
        var organization = string.IsNullOrEmpty(organizationKey) ? null : await db.Organizations.FindAsync([organizationKey], cancellationToken);
        if (organization is null)
        {
            errors["organization"] = [string.IsNullOrEmpty(organizationKey)
                ? "The organization the dataset belongs to is required (its key, e.g. CETIR)."
                : $"'{organizationKey}' is not a known organization."];
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, title: "The dataset is not valid.");
        }

        var caller = PlatformIdentity.From(http.User);
        if (!caller.IsAdmin && !caller.HoldsDataFor(organization!.Key))
        {
            return TypedResults.Problem(
                title: "You cannot register datasets for this organization.",
                detail: $"You are not a data holder of '{organization.Key}'.",
                statusCode: StatusCodes.Status403Forbidden,
                extensions: new Dictionary<string, object?> { ["field"] = "organization" });
        }

        var now = clock.GetUtcNow();
        var dataset = new Dataset
        {
            Id = Guid.CreateVersion7(now),
            OrganizationKey = organization!.Key,
            Organization = organization,
            State = DatasetState.Draft,
            CreatedAt = now,
            CreatedBy = caller.Author(),
            UpdatedAt = now,
            UpdatedBy = caller.Author(),
        };
        var draft = DatasetVersion.Begin(dataset.Id, 1, DatasetVersionStatus.Draft, caller.Author(), now);
        metadata!.ApplyTo(draft);
        dataset.Versions.Add(draft);
        db.Datasets.Add(dataset);
        await db.SaveChangesWithAuditAsync([CatalogueAudit.Entry(AuditActions.DatasetCreated, http, dataset)], cancellationToken);

        DatasetETag.Set(http, dataset);
        return TypedResults.Created($"/api/datasets/{dataset.Id}", DatasetStore.View(new LoadedDataset(dataset, null, draft), owner: true));
    }

    public static async Task<Results<Ok<DatasetVersionView>, ValidationProblem, ProblemHttpResult>> EditDraftAsync(
        Guid id, HttpContext http, EucaimDbContext db, TimeProvider clock, CancellationToken cancellationToken)
    {
        var caller = PlatformIdentity.From(http.User);
        var loaded = await DatasetStore.LoadAsync(db, id, cancellationToken);
        if (Refusal(caller, loaded, id) is { } refused)
        {
            return refused;
        }

        var (dataset, published, draft) = loaded!;
        if (Precondition(http.Request, dataset, required: true) is { } failed)
        {
            return failed;
        }

        if (dataset.State == DatasetState.Invalidated)
        {
            return DatasetProblems.Conflict("The dataset is invalidated.", "An invalidated dataset cannot get new versions.");
        }

        if (!http.Request.HasJsonContentType())
        {
            return DatasetProblems.UnsupportedMediaType();
        }

        var (body, bodyErrors) = await JsonBody.ReadAsync(http.Request, cancellationToken);
        if (body is not { } json)
        {
            return TypedResults.ValidationProblem(bodyErrors!);
        }

        var (metadata, errors) = ReadMetadata(json);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, title: "The dataset is not valid.");
        }

        var now = clock.GetUtcNow();
        if (draft is null)
        {
            // Editing a published dataset starts the next version; the published one stays as it is.
            draft = DatasetVersion.Begin(dataset.Id, (published?.Number ?? 0) + 1, DatasetVersionStatus.Draft, caller.Author(), now);
            db.DatasetVersions.Add(draft);
        }

        metadata!.ApplyTo(draft);
        draft.UpdatedAt = now;
        dataset.Touch(caller.Author(), now);
        if (!await SaveAsync(db, cancellationToken))
        {
            return DatasetProblems.PreconditionFailed();
        }

        DatasetETag.Set(http, dataset);
        return TypedResults.Ok(DatasetVersionView.Of(draft));
    }

    public static async Task<Results<Ok<DatasetView>, ProblemHttpResult>> PublishAsync(
        Guid id, HttpContext http, EucaimDbContext db, Azure.Storage.Blobs.BlobServiceClient blobs, TimeProvider clock, CancellationToken cancellationToken)
    {
        var caller = PlatformIdentity.From(http.User);
        var loaded = await DatasetStore.LoadAsync(db, id, cancellationToken);
        if ((Refusal(caller, loaded, id) ?? Precondition(http.Request, loaded!.Dataset, required: false)) is { } refused)
        {
            return refused;
        }

        var (dataset, _, draft) = loaded!;
        if (dataset.State == DatasetState.Invalidated)
        {
            return DatasetProblems.Conflict("The dataset is invalidated.", "An invalidated dataset cannot be published again.");
        }

        if (draft is null)
        {
            return DatasetProblems.Conflict("Nothing to publish.", "The dataset has no draft: PUT /draft first.");
        }

        var now = clock.GetUtcNow();
        draft.Status = DatasetVersionStatus.Published;
        draft.PublishedAt = now;
        draft.PublishedBy = caller.Author();
        dataset.LatestVersion = draft.Number;
        dataset.State = DatasetState.Published;
        dataset.Touch(caller.Author(), now);
        var audit = CatalogueAudit.Entry(AuditActions.DatasetPublished, http, dataset, ("version", draft.Number.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        if (await SaveAndRelistAsync(db, dataset.Id, cancellationToken, audit, async ct =>
            {
                // The draft's row stays locked until the commit. STOW-RS and the ingest worker index an instance only
                // while holding FOR SHARE on it as a draft, so none can slip in between the manifest and the publication.
                await db.Database.ExecuteSqlInterpolatedAsync($"SELECT 1 FROM dataset_versions WHERE id = {draft.Id} FOR UPDATE", ct);
                // Uploaded data: every ingest finished, then the manifest written (see VersionPublication).
                return await Ingest.VersionPublication.PrepareAsync(db, blobs, dataset, draft, ct);
            }) is { } problem)
        {
            return problem;
        }

        DatasetETag.Set(http, dataset);
        return TypedResults.Ok(DatasetStore.View(new LoadedDataset(dataset, draft, null), owner: true));
    }

    public static async Task<Results<Ok<DatasetView>, ValidationProblem, ProblemHttpResult>> InvalidateAsync(
        Guid id, InvalidateRequest? request, HttpContext http, EucaimDbContext db, TimeProvider clock, CancellationToken cancellationToken)
    {
        var caller = PlatformIdentity.From(http.User);
        var loaded = await DatasetStore.LoadAsync(db, id, cancellationToken);
        if ((Refusal(caller, loaded, id) ?? Precondition(http.Request, loaded!.Dataset, required: false)) is { } refused)
        {
            return refused;
        }

        var reason = request?.Reason?.Trim();
        if (string.IsNullOrEmpty(reason) || reason.Length > MaxReasonLength)
        {
            return TypedResults.ValidationProblem(
                new Dictionary<string, string[]> { ["reason"] = [$"A reason of 1 to {MaxReasonLength} characters is required: readers of the dataset see it."] },
                title: "The invalidation is not valid.");
        }

        var dataset = loaded!.Dataset;
        if (!dataset.WasEverPublished)
        {
            return DatasetProblems.Conflict("Never published.", "A dataset that was never published cannot have been used: delete it instead.");
        }

        if (dataset.State == DatasetState.Invalidated)
        {
            return DatasetProblems.Conflict("Already invalidated.", $"The dataset was invalidated at {dataset.InvalidatedAt:O}.");
        }

        var now = clock.GetUtcNow();
        dataset.State = DatasetState.Invalidated;
        dataset.InvalidatedAt = now;
        dataset.InvalidatedBy = caller.Author();
        dataset.InvalidationReason = reason;
        dataset.Touch(caller.Author(), now);
        if (await SaveAndRelistAsync(db, dataset.Id, cancellationToken, CatalogueAudit.Entry(AuditActions.DatasetInvalidated, http, dataset, ("reason", reason))) is { } problem)
        {
            return problem;
        }

        DatasetETag.Set(http, dataset);
        return TypedResults.Ok(DatasetStore.View(loaded, owner: true));
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(
        Guid id, HttpContext http, EucaimDbContext db, CancellationToken cancellationToken)
    {
        var caller = PlatformIdentity.From(http.User);
        var loaded = await DatasetStore.LoadAsync(db, id, cancellationToken);
        if ((Refusal(caller, loaded, id) ?? Precondition(http.Request, loaded!.Dataset, required: false)) is { } refused)
        {
            return refused;
        }

        if (loaded!.Dataset.WasEverPublished)
        {
            return DatasetProblems.Conflict(
                "Published datasets are never deleted.",
                "A published dataset may have been used: invalidate it with a reason instead.");
        }

        db.Datasets.Remove(loaded.Dataset);
        if (!await SaveAsync(db, cancellationToken))
        {
            return DatasetProblems.PreconditionFailed();
        }

        return TypedResults.NoContent();
    }

    /// <summary>404 for what the caller may not see, 403 for what they see but do not own.</summary>
    private static ProblemHttpResult? Refusal(PlatformIdentity caller, LoadedDataset? loaded, Guid id)
    {
        if (loaded is null || !caller.Sees(loaded.Dataset))
        {
            return DatasetProblems.NotFound(id);
        }

        return caller.Owns(loaded.Dataset) ? null : DatasetProblems.NotOwner(loaded.Dataset.OrganizationKey);
    }

    /// <summary>
    /// Checks If-Match against the row version just loaded. The save itself is conditional on that
    /// version (EF concurrency token), so an edit that raced past this check still fails with 412
    /// instead of overwriting.
    /// </summary>
    private static ProblemHttpResult? Precondition(HttpRequest request, Dataset dataset, bool required)
    {
        var tags = DatasetETag.IfMatch(request);
        if (tags is null)
        {
            return required ? DatasetProblems.PreconditionRequired() : null;
        }

        if (!tags.Contains(dataset.RowVersion))
        {
            return DatasetProblems.PreconditionFailed();
        }

        return null;
    }

    private static (DatasetMetadata? Metadata, Dictionary<string, string[]> Errors) ReadMetadata(System.Text.Json.JsonElement json)
    {
        var (metadata, errors) = JsonBody.Bind<DatasetMetadata>(json);
        if (errors is not null)
        {
            return (null, errors);
        }

        metadata ??= new DatasetMetadata();
        return (metadata, DatasetMetadataValidator.Validate(metadata));
    }

    /// <returns>False when another change of the dataset committed first.</returns>
    private static async Task<bool> SaveAsync(EucaimDbContext db, CancellationToken cancellationToken)
    {
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return true;
        }
        catch (DbUpdateConcurrencyException)
        {
            return false;
        }
    }

    /// <summary>
    /// Saves, updates the search listing and appends the audit entry in one transaction.
    /// <paramref name="guard"/> runs first inside that transaction (locks, checks, writes that must happen
    /// before the commit); a problem it returns rolls everything back. A stale row version is 412.
    /// </summary>
    private static async Task<ProblemHttpResult?> SaveAndRelistAsync(
        EucaimDbContext db, Guid datasetId, CancellationToken cancellationToken, AuditEntry audit, Func<CancellationToken, Task<ProblemHttpResult?>>? guard = null)
    {
        // Changes are accepted only after the commit, so that a retry after a transient failure
        // writes them again instead of believing them saved.
        var strategy = db.Database.CreateExecutionStrategy();
        return await strategy.ExecuteAsync(async ct =>
        {
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            if (guard is not null && await guard(ct) is { } refused)
            {
                return refused;
            }

            try
            {
                await db.SaveChangesAsync(acceptAllChangesOnSuccess: false, ct);
            }
            catch (DbUpdateConcurrencyException)
            {
                return DatasetProblems.PreconditionFailed();
            }

            await CatalogueProjection.RefreshAsync(db, datasetId, ct);
            await db.AppendAuditAsync([audit], ct);
            await transaction.CommitAsync(ct);
            db.ChangeTracker.AcceptAllChanges();
            return (ProblemHttpResult?)null;
        }, cancellationToken);
    }
}
