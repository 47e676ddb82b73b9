using Eucaim.Core.Platform;

namespace Eucaim.Core.Catalogue;

/// <summary>The lifecycle's rules Draft → Published → Invalidated, without a database.</summary>
public static class DatasetLifecycle
{
    public const int MaxReasonLength = 2000;

    public static Problem? RefuseEdit(Dataset dataset) => dataset.State == DatasetState.Invalidated
        ? CatalogueProblems.Conflict("The dataset is invalidated.", "An invalidated dataset cannot get new versions.")
        : null;

    /// <summary>Editing a published dataset starts the next version; the published one stays as it is.</summary>
    public static int NextDraftNumber(DatasetVersion? published) => (published?.Number ?? 0) + 1;

    /// <summary>Only a draft publishes, and never on an invalidated dataset.</summary>
    public static Outcome<DatasetVersion> PublishableDraft(Dataset dataset, DatasetVersion? draft)
    {
        if (dataset.State == DatasetState.Invalidated)
        {
            return CatalogueProblems.Conflict("The dataset is invalidated.", "An invalidated dataset cannot be published again.");
        }

        return draft is null ? CatalogueProblems.Conflict("Nothing to publish.", "The dataset has no draft: PUT /draft first.") : draft;
    }

    /// <summary>Marks <paramref name="draft"/> as the dataset's latest published version.</summary>
    public static void Publish(Dataset dataset, DatasetVersion draft, string by, DateTimeOffset now)
    {
        draft.Status = DatasetVersionStatus.Published;
        draft.PublishedAt = now;
        draft.PublishedBy = by;
        dataset.LatestVersion = draft.Number;
        dataset.State = DatasetState.Published;
        dataset.Touch(by, now);
    }

    /// <summary>The reason readers of an invalidated dataset see: trimmed, 1 to <see cref="MaxReasonLength"/> characters.</summary>
    public static Outcome<string> InvalidationReason(string? reason)
    {
        var trimmed = reason?.Trim();
        if (string.IsNullOrEmpty(trimmed) || trimmed.Length > MaxReasonLength)
        {
            return CatalogueProblems.Invalid(
                new Dictionary<string, string[]> { ["reason"] = [$"A reason of 1 to {MaxReasonLength} characters is required: readers of the dataset see it."] },
                "The invalidation is not valid.");
        }

        return trimmed;
    }

    public static Problem? RefuseInvalidation(Dataset dataset)
    {
        if (!dataset.WasEverPublished)
        {
            return CatalogueProblems.Conflict("Never published.", "A dataset that was never published cannot have been used: delete it instead.");
        }

        return dataset.State == DatasetState.Invalidated
            ? CatalogueProblems.Conflict("Already invalidated.", $"The dataset was invalidated at {dataset.InvalidatedAt:O}.")
            : null;
    }

    public static void Invalidate(Dataset dataset, string reason, string by, DateTimeOffset now)
    {
        dataset.State = DatasetState.Invalidated;
        dataset.InvalidatedAt = now;
        dataset.InvalidatedBy = by;
        dataset.InvalidationReason = reason;
        dataset.Touch(by, now);
    }

    public static Problem? RefuseDeletion(Dataset dataset) => dataset.WasEverPublished
        ? CatalogueProblems.Conflict("Published datasets are never deleted.", "A published dataset may have been used: invalidate it with a reason instead.")
        : null;
}
