using Eucaim.Core.Catalogue;
using Eucaim.Core.Platform;

namespace Eucaim.Core.Tests.Catalogue;

public sealed class DatasetAccessTests
{
    [Fact]
    public void A_draft_of_another_organization_does_not_exist_for_the_caller()
    {
        var dataset = Datasets.Draft("CETIR");
        var loaded = new LoadedDataset(dataset, null, null);

        var outcome = loaded.ChangeableBy(Datasets.Holder("OTHER"), dataset.Id);

        Assert.Equal(CatalogueProblems.NotFound(dataset.Id), outcome.Problem);
    }

    [Fact]
    public void A_published_dataset_of_another_organization_is_seen_but_not_changed()
    {
        var dataset = Datasets.Published();

        var outcome = new LoadedDataset(dataset, null, null).ChangeableBy(Datasets.Researcher(), dataset.Id);

        Assert.Equal(ProblemKind.Forbidden, outcome.Problem?.Kind);
    }

    [Fact]
    public void The_organization_s_data_holder_changes_it()
    {
        var dataset = Datasets.Draft();

        Assert.True(new LoadedDataset(dataset, null, null).ChangeableBy(Datasets.Holder(), dataset.Id).Succeeded);
    }

    [Fact]
    public void A_missing_dataset_reads_like_a_hidden_one()
    {
        var id = Guid.CreateVersion7();

        Assert.Equal(CatalogueProblems.NotFound(id), ((LoadedDataset?)null).ChangeableBy(Datasets.Holder(), id).Problem);
    }
}
