using Eucaim.Core.Contracts;
using Eucaim.Core.Federation;

namespace Eucaim.Core.Tests.Federation;

/// <summary>A node's own policy on a run request: its datasets only, its allowed images, its allowed organisations.</summary>
public sealed class NodeRunRulesTests
{
    private const string Image = "eucaim/federated-validation:1.0";
    private static readonly Guid Held = Guid.CreateVersion7();

    private static RunRequest Request(string image = Image, string? organisation = "example.org", Guid? dataset = null) => new(
        Guid.CreateVersion7(), image, [dataset ?? Held], "small-cpu", new RunResultSchema(["auc"], []), new RunRequester("rita", "tenant-a", organisation), []);

    [Fact]
    public void An_allowed_image_on_held_datasets_is_taken()
    {
        Assert.Null(NodeRunRules.Refusal(Request(), [Held], [Image], []));
        Assert.Null(NodeRunRules.Refusal(Request(organisation: "Example.ORG"), [Held], [Image], ["example.org"]));
    }

    [Fact]
    public void An_image_or_organisation_not_allowed_or_a_dataset_not_held_is_refused_with_the_reason()
    {
        Assert.Contains("is not among the images this node runs", NodeRunRules.Refusal(Request(), [Held], [], []), StringComparison.Ordinal);
        Assert.Contains("is not among the images", NodeRunRules.Refusal(Request("eucaim/sample-job:1.0"), [Held], [Image], []), StringComparison.Ordinal);
        Assert.Contains("organisation 'example.org'", NodeRunRules.Refusal(Request(), [Held], [Image], ["hospital.example"]), StringComparison.Ordinal);
        Assert.Contains("organisation 'unknown'", NodeRunRules.Refusal(Request(organisation: null), [Held], [Image], ["hospital.example"]), StringComparison.Ordinal);
        var other = Guid.CreateVersion7();
        Assert.Contains($"Dataset {other} is not held", NodeRunRules.Refusal(Request(dataset: other), [Held], [Image], []), StringComparison.Ordinal);
        Assert.NotNull(NodeRunRules.Refusal(Request() with { Schema = new RunResultSchema(["loss"], []) }, [Held], [Image], []));
    }
}
