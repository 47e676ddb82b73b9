using System.Text.Json;
using Eucaim.Core.Contracts;
using Eucaim.Core.Federation;

namespace Eucaim.Core.Tests.Federation;

/// <summary>The one check of a federated run's result against its declared schema, used at the hub and at the node.</summary>
public sealed class FederatedRunSchemaTests
{
    private static readonly RunResultSchema Schema = new(["accuracy", "auc"], ["subjects"]);
    private static readonly Guid Run = Guid.CreateVersion7();

    private static JsonElement Json(string text) => JsonDocument.Parse(text.Replace("RUN", Run.ToString(), StringComparison.Ordinal)).RootElement;

    private static RunResult Valid() => new(Run, new Dictionary<string, double> { ["accuracy"] = 0.8, ["auc"] = 0.7 },
        new Dictionary<string, PrivateCount> { ["subjects"] = new(12, false) });

    [Fact]
    public void A_result_of_the_declared_metrics_and_counts_passes()
    {
        var read = FederatedRunSchema.Read(Json("""{"runId":"RUN","metrics":{"accuracy":0.8,"auc":0.7},"counts":{"subjects":{"value":null,"suppressed":true}}}"""), out var problem);
        Assert.Null(problem);
        Assert.NotNull(read);
        Assert.Null(FederatedRunSchema.Check(read, Schema));
        Assert.Null(FederatedRunSchema.Check(Valid(), Schema));
    }

    [Theory]
    [InlineData("""{"runId":"RUN","metrics":{"accuracy":0.8,"auc":0.7},"counts":{},"log":"patient data"}""")]
    [InlineData("""{"runId":"RUN","metrics":{"accuracy":"iVBORw0KGgo=","auc":0.7},"counts":{}}""")]
    [InlineData("""{"runId":"RUN","metrics":{"accuracy":[1,2,3],"auc":0.7},"counts":{}}""")]
    [InlineData("""{"runId":"RUN","metrics":{"accuracy":0.8,"auc":0.7},"counts":{"subjects":{"value":3,"suppressed":false,"file":"eA=="}}}""")]
    [InlineData("""{"runId":"RUN","metrics":{"accuracy":0.8,"auc":{"nested":1}},"counts":{}}""")]
    public void Anything_but_numbers_and_released_counts_is_unreadable(string body)
    {
        Assert.Null(FederatedRunSchema.Read(Json(body), out var problem));
        Assert.NotNull(problem);
    }

    [Fact]
    public void Undeclared_missing_or_non_finite_metrics_and_undeclared_or_malformed_counts_are_refused_with_their_field()
    {
        var valid = Valid();
        Assert.Equal("metrics.dice", FederatedRunSchema.Check(valid with { Metrics = new Dictionary<string, double>(valid.Metrics) { ["dice"] = 0.9 } }, Schema)?.Field);
        Assert.Equal("metrics.auc", FederatedRunSchema.Check(valid with { Metrics = new Dictionary<string, double> { ["accuracy"] = 0.8 } }, Schema)?.Field);
        Assert.Equal("metrics.auc", FederatedRunSchema.Check(valid with { Metrics = new Dictionary<string, double> { ["accuracy"] = 0.8, ["auc"] = double.NaN } }, Schema)?.Field);
        Assert.Equal("metrics.auc", FederatedRunSchema.Check(valid with { Metrics = new Dictionary<string, double> { ["accuracy"] = 0.8, ["auc"] = double.PositiveInfinity } }, Schema)?.Field);
        Assert.Equal("counts.patients", FederatedRunSchema.Check(valid with
        {
            Counts = new Dictionary<string, PrivateCount> { ["subjects"] = new(12, false), ["patients"] = new(12, false) },
        }, Schema)?.Field);
        Assert.Equal("counts.subjects", FederatedRunSchema.Check(valid with { Counts = new Dictionary<string, PrivateCount> { ["subjects"] = new(3, true) } }, Schema)?.Field);
        Assert.Equal("counts.subjects", FederatedRunSchema.Check(valid with { Counts = new Dictionary<string, PrivateCount>() }, Schema)?.Field);
    }

    [Fact]
    public void A_declared_schema_takes_metrics_of_the_vocabulary_and_count_names_only()
    {
        Assert.Empty(FederatedRunSchema.Validate(["dice", "iou", "hd95", "auc", "f1", "accuracy", "sensitivity", "specificity"], ["subjects", "true-positives"]));
        Assert.Contains("metrics", FederatedRunSchema.Validate([], null).Keys);
        Assert.Contains("metrics", FederatedRunSchema.Validate(["loss"], null).Keys);
        Assert.Contains("metrics", FederatedRunSchema.Validate(["auc", "auc"], null).Keys);
        Assert.Contains("counts", FederatedRunSchema.Validate(["auc"], ["Subjects"]).Keys);
        Assert.Contains("counts", FederatedRunSchema.Validate(["auc"], ["a b"]).Keys);
        Assert.Contains("counts", FederatedRunSchema.Validate(["auc"], ["n", "n"]).Keys);
        Assert.Contains("metrics", FederatedRunSchema.Validate([null!], null).Keys);
        Assert.Contains("metrics", FederatedRunSchema.Validate([""], null).Keys);
        Assert.Contains("counts", FederatedRunSchema.Validate(["auc"], [""]).Keys);
        Assert.Contains("counts", FederatedRunSchema.Validate(["auc"], [null!]).Keys);
    }
}
