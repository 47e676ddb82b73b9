using Eucaim.Core.Catalogue;

namespace Eucaim.Core.Tests.Catalogue;

public sealed class DatasetMetadataValidatorTests
{
    private static readonly DatasetMetadata Valid = new()
    {
        Name = "Lung CT",
        Description = "Thorax CT of lung cancer patients.",
        CancerType = "Lung",
        Sex = "Male (60%), Female (40%)",
        Modalities = ["CT"],
        Subjects = 120,
        Tier = "3C+",
        SharingMode = "central-repository",
    };

    [Fact]
    public void A_complete_description_is_valid()
    {
        Assert.Empty(DatasetMetadataValidator.Validate(Valid));
    }

    [Fact]
    public void An_unknown_modality_is_named_by_its_position()
    {
        var errors = DatasetMetadataValidator.Validate(Valid with { Modalities = ["CT", "XYZ"] });

        Assert.Equal(["modalities[1]"], errors.Keys);
    }

    [Fact]
    public void Counts_are_never_negative()
    {
        var errors = DatasetMetadataValidator.Validate(Valid with { Subjects = -1, Studies = -2, SizeGb = -3 });

        Assert.Equal(["sizeGb", "studies", "subjects"], errors.Keys.Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("7")]
    public void The_tier_is_required_and_known(string? tier)
    {
        Assert.Equal(["tier"], DatasetMetadataValidator.Validate(Valid with { Tier = tier }).Keys);
    }

    [Fact]
    public void A_federated_dataset_names_its_node()
    {
        Assert.Equal(["federatedNode"], DatasetMetadataValidator.Validate(Valid with { SharingMode = "Federated Node" }).Keys);
        Assert.Empty(DatasetMetadataValidator.Validate(Valid with { SharingMode = "Federated Node", FederatedNode = "node-1" }));
    }

    [Fact]
    public void An_overlong_name_is_refused()
    {
        Assert.Equal(["name"], DatasetMetadataValidator.Validate(Valid with { Name = new string('n', DatasetMetadataValidator.MaxNameLength + 1) }).Keys);
    }
}
