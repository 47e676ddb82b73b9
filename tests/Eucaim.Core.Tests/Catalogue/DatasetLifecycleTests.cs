using Eucaim.Core.Catalogue;
using Eucaim.Core.Platform;

namespace Eucaim.Core.Tests.Catalogue;

public sealed class DatasetLifecycleTests
{
    [Fact]
    public void Only_a_draft_publishes()
    {
        var dataset = Datasets.Published();

        var outcome = DatasetLifecycle.PublishableDraft(dataset, null);

        Assert.Equal(ProblemKind.Conflict, outcome.Problem?.Kind);
        Assert.Equal("Nothing to publish.", outcome.Problem?.Title);
    }

    [Fact]
    public void An_invalidated_dataset_is_not_published_again()
    {
        var dataset = Datasets.Published();
        dataset.State = DatasetState.Invalidated;

        var outcome = DatasetLifecycle.PublishableDraft(dataset, Datasets.Version(dataset, 2, DatasetVersionStatus.Draft));

        Assert.Equal("The dataset is invalidated.", outcome.Problem?.Title);
    }

    [Fact]
    public void Publishing_makes_the_draft_the_latest_version()
    {
        var dataset = Datasets.Published(version: 1);
        var draft = Datasets.Version(dataset, DatasetLifecycle.NextDraftNumber(Datasets.Version(dataset, 1, DatasetVersionStatus.Published)), DatasetVersionStatus.Draft);

        DatasetLifecycle.Publish(dataset, draft, "hugo", Datasets.Now);

        Assert.Equal(2, draft.Number);
        Assert.Equal(DatasetVersionStatus.Published, draft.Status);
        Assert.Equal((2, DatasetState.Published), (dataset.LatestVersion, dataset.State));
        Assert.Equal(Datasets.Now, draft.PublishedAt);
    }

    [Fact]
    public void The_first_draft_is_version_one()
    {
        Assert.Equal(1, DatasetLifecycle.NextDraftNumber(null));
    }

    [Fact]
    public void An_invalidated_dataset_gets_no_new_draft()
    {
        var dataset = Datasets.Published();
        dataset.State = DatasetState.Invalidated;

        Assert.Equal(ProblemKind.Conflict, DatasetLifecycle.RefuseEdit(dataset)?.Kind);
        Assert.Null(DatasetLifecycle.RefuseEdit(Datasets.Published()));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("   ")]
    public void Invalidation_needs_a_reason(string? reason)
    {
        var outcome = DatasetLifecycle.InvalidationReason(reason);

        Assert.Equal(["reason"], outcome.Problem?.Errors?.Keys);
        Assert.Equal("The invalidation is not valid.", outcome.Problem?.Title);
    }

    [Fact]
    public void The_reason_is_trimmed_and_limited()
    {
        Assert.Equal("wrong labels", DatasetLifecycle.InvalidationReason("  wrong labels ").Value);
        Assert.False(DatasetLifecycle.InvalidationReason(new string('x', DatasetLifecycle.MaxReasonLength + 1)).Succeeded);
    }

    [Fact]
    public void Only_a_published_dataset_is_invalidated_and_only_once()
    {
        Assert.Equal("Never published.", DatasetLifecycle.RefuseInvalidation(Datasets.Draft())?.Title);
        var published = Datasets.Published();
        Assert.Null(DatasetLifecycle.RefuseInvalidation(published));

        DatasetLifecycle.Invalidate(published, "wrong labels", "hugo", Datasets.Now);

        Assert.Equal("Already invalidated.", DatasetLifecycle.RefuseInvalidation(published)?.Title);
        Assert.Equal(("wrong labels", Datasets.Now), (published.InvalidationReason, published.InvalidatedAt));
    }

    [Fact]
    public void Only_a_never_published_dataset_is_deleted()
    {
        Assert.Null(DatasetLifecycle.RefuseDeletion(Datasets.Draft()));
        Assert.Equal("Published datasets are never deleted.", DatasetLifecycle.RefuseDeletion(Datasets.Published())?.Title);
    }
}
