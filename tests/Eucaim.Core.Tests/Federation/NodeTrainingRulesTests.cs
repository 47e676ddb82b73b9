using Eucaim.Core.Contracts;
using Eucaim.Core.Federation;

namespace Eucaim.Core.Tests.Federation;

/// <summary>
/// A node's own policy on a training round: a valid model, a round number, global weights of the model's shape, and the
/// same placement rules as a run (its datasets only, its allowed images, its allowed organisations).
/// </summary>
public sealed class NodeTrainingRulesTests
{
    private const string Image = "eucaim/federated-training:1.0";
    private static readonly Guid Held = Guid.CreateVersion7();

    private static TrainRequest Request(string image = Image, string? organisation = "example.org", Guid? dataset = null) => new(
        Guid.CreateVersion7(), 1, image, [dataset ?? Held], "small-cpu", new TrainingModel(3, ["loss", "accuracy"]), [0.1, -0.2, 0.3],
        new RunRequester("rita", "tenant-a", organisation), []);

    private static string? Refusal(TrainRequest request, IReadOnlyCollection<string>? organisations = null) =>
        NodeRunRules.Refusal(request, [Held], [Image], organisations ?? []);

    [Fact]
    public void A_valid_round_of_an_allowed_image_on_held_datasets_is_taken()
    {
        Assert.Null(Refusal(Request()));
        Assert.Null(Refusal(Request(organisation: "Example.ORG"), ["example.org"]));
        Assert.Null(Refusal(Request() with { Round = FederatedTrainingSchema.MaxRounds }));
    }

    [Fact]
    public void An_incomplete_request_is_refused()
    {
        const string Incomplete = "The training request is incomplete";
        Assert.StartsWith(Incomplete, Refusal(Request() with { Datasets = [] }), StringComparison.Ordinal);
        Assert.StartsWith(Incomplete, Refusal(Request() with { Model = null! }), StringComparison.Ordinal);
        Assert.StartsWith(Incomplete, Refusal(Request() with { GlobalWeights = null! }), StringComparison.Ordinal);
        Assert.StartsWith(Incomplete, Refusal(Request() with { Requester = null! }), StringComparison.Ordinal);
        Assert.StartsWith(Incomplete, Refusal(Request() with { Image = " " }), StringComparison.Ordinal);
    }

    [Fact]
    public void A_model_that_is_not_valid_is_refused_with_its_problem()
    {
        Assert.Equal("The training's model is not valid: weightCount must be 1 to 128.",
            Refusal(Request() with { Model = new TrainingModel(0, ["loss"]), GlobalWeights = [] }));
        Assert.Contains("'dice' is not a metric a training may return", Refusal(Request() with { Model = new TrainingModel(3, ["dice"]) }), StringComparison.Ordinal);
        Assert.Contains("declare at least one metric", Refusal(Request() with { Model = new TrainingModel(3, []) }), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(FederatedTrainingSchema.MaxRounds + 1)]
    public void A_round_out_of_range_is_refused(int round) =>
        Assert.Equal($"Round {round} is not a round of a training (1 to {FederatedTrainingSchema.MaxRounds}).", Refusal(Request() with { Round = round }));

    [Fact]
    public void Global_weights_not_of_the_models_shape_are_refused()
    {
        const string Expected = "The global weights are not 3 finite numbers, as the training's model declares.";
        Assert.Equal(Expected, Refusal(Request() with { GlobalWeights = [0.1, 0.2] }));
        Assert.Equal(Expected, Refusal(Request() with { GlobalWeights = [0.1, 0.2, 0.3, 0.4] }));
        Assert.Equal(Expected, Refusal(Request() with { GlobalWeights = [0.1, double.NaN, 0.3] }));
        Assert.Equal(Expected, Refusal(Request() with { GlobalWeights = [0.1, 0.2, double.PositiveInfinity] }));
    }

    [Fact]
    public void A_dataset_not_held_an_image_or_an_organisation_not_allowed_is_refused_as_for_a_run()
    {
        var other = Guid.CreateVersion7();
        Assert.Equal($"Dataset {other} is not held by this node.", Refusal(Request(dataset: other)));
        Assert.Equal("Image 'eucaim/federated-validation:1.0' is not among the images this node runs.", Refusal(Request("eucaim/federated-validation:1.0")));
        Assert.Contains("is not among the images this node runs", NodeRunRules.Refusal(Request(), [Held], [], []), StringComparison.Ordinal);
        Assert.Equal("Trainings from organisation 'example.org' are not accepted by this node.", Refusal(Request(), ["hospital.example"]));
        Assert.Equal("Trainings from organisation 'unknown' are not accepted by this node.", Refusal(Request(organisation: null), ["hospital.example"]));
    }
}
