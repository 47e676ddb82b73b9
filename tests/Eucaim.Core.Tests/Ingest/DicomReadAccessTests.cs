using Eucaim.Core.Catalogue;
using Eucaim.Core.Ingest;
using Eucaim.Core.Tests.Catalogue;

namespace Eucaim.Core.Tests.Ingest;

public sealed class DicomReadAccessTests
{
    [Fact]
    public void A_grant_without_a_version_reads_the_latest_published_one()
    {
        Assert.Equal(3, DicomReadAccess.GrantedVersion([1, null], latestVersion: 3));
    }

    [Fact]
    public void Several_versioned_grants_read_the_newest_they_name()
    {
        Assert.Equal(2, DicomReadAccess.GrantedVersion([1, 2], latestVersion: 3));
        Assert.Null(DicomReadAccess.GrantedVersion([], latestVersion: 3));
    }

    [Fact]
    public void Nobody_reads_a_draft_or_an_invalidated_dataset_through_a_grant()
    {
        var published = Datasets.Published();
        Assert.True(DicomReadAccess.MayReadThroughGrant(Datasets.Researcher(), published));
        Assert.False(DicomReadAccess.MayReadThroughGrant(Datasets.Researcher(), Datasets.Draft()));
        Assert.False(DicomReadAccess.MayReadThroughGrant(Identity.PlatformIdentity.Anonymous, published));

        published.State = DatasetState.Invalidated;
        Assert.False(DicomReadAccess.MayReadThroughGrant(Datasets.Researcher(), published));
    }
}
