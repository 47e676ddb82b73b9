using Eucaim.Core.Catalogue;
using Eucaim.Core.Platform;

namespace Eucaim.Core.Tests.Catalogue;

public sealed class DatasetPreconditionsTests
{
    [Fact]
    public void An_edit_without_If_Match_is_refused_with_428()
    {
        var problem = DatasetPreconditions.Check(null, 7, required: true);

        Assert.Equal(ProblemKind.PreconditionRequired, problem?.Kind);
        Assert.Equal("If-Match", problem?.Extensions?["header"]);
    }

    [Fact]
    public void Other_changes_go_ahead_without_If_Match()
    {
        Assert.Null(DatasetPreconditions.Check(null, 7, required: false));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void A_stale_ETag_is_refused_with_412(bool required)
    {
        var problem = DatasetPreconditions.Check([6], 7, required);

        Assert.Equal(ProblemKind.PreconditionFailed, problem?.Kind);
        Assert.Equal("The dataset changed since you read it.", problem?.Title);
    }

    [Fact]
    public void A_malformed_If_Match_names_no_version_and_matches_nothing()
    {
        Assert.Equal(ProblemKind.PreconditionFailed, DatasetPreconditions.Check([], 7, required: true)?.Kind);
    }

    [Fact]
    public void The_current_ETag_among_several_passes()
    {
        Assert.Null(DatasetPreconditions.Check([3, 7], 7, required: true));
    }
}
