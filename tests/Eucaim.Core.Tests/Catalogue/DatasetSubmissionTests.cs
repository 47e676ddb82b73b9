using Eucaim.Core.Catalogue;

namespace Eucaim.Core.Tests.Catalogue;

public sealed class DatasetSubmissionTests
{
    [Fact]
    public void Wrong_typed_fields_are_reported_instead_of_the_metadata_rules()
    {
        var submission = new DatasetSubmission(null, "CETIR", null, new Dictionary<string, string[]> { ["subjects"] = ["The value has the wrong type."] });

        Assert.Equal(["subjects"], submission.MetadataErrors().Keys);
    }

    [Fact]
    public void Empty_metadata_breaks_the_metadata_rules()
    {
        var submission = new DatasetSubmission(null, "CETIR", new DatasetMetadata(), null);

        Assert.Contains("name", submission.MetadataErrors().Keys);
    }
}
