using Eucaim.Core.Contracts;

namespace Eucaim.Core.Federation;

/// <summary>
/// What a federated training may declare and what a node may send back for one round, checked by the node on what
/// its training wrote and by the hub on what the node sent: exactly the declared number of finite weights, a sample
/// count as the node releases it, and only the declared metrics (of the incoming global model on the node's data).
/// </summary>
public static class FederatedTrainingSchema
{
    /// <summary>The metrics a training may declare: the incoming global model evaluated on a node's data.</summary>
    public static IReadOnlyList<string> Metrics { get; } = ["loss", "accuracy", "auc"];

    /// <summary>
    /// Small models only: the aggregator step gets a round's contributions in one environment variable
    /// (Linux takes at most 128 KiB in one), and a model this small cannot memorise a cohort.
    /// </summary>
    public const int MaxWeightCount = 128;

    public const int MaxRounds = 50;

    /// <summary>A node releases its sample count rounded up to a multiple of this, so one subject more or less does not show.</summary>
    public const int SampleRounding = 5;

    /// <summary>A node with fewer samples than this sends no weights (weights fitted to a handful of people describe them).</summary>
    public const int MinSamples = 10;

    /// <summary>The sample count a node sends: rounded up to a multiple of <see cref="SampleRounding"/>.</summary>
    public static int ReleasedSamples(int samples) =>
        samples <= 0 ? 0 : (samples + SampleRounding - 1) / SampleRounding * SampleRounding;

    /// <summary>Problems of a declared model, by field (<c>weightCount</c>, <c>metrics</c>); empty when it is valid.</summary>
    public static Dictionary<string, string[]> Validate(int weightCount, IReadOnlyList<string>? metrics)
    {
        var errors = new Dictionary<string, string[]>();
        if (weightCount is < 1 or > MaxWeightCount)
        {
            errors["weightCount"] = [$"weightCount must be 1 to {MaxWeightCount}."];
        }

        if (metrics is null || metrics.Count == 0)
        {
            errors["metrics"] = [$"declare at least one metric, from: {string.Join(", ", Metrics)}."];
        }
        else if (metrics.ToList().FindIndex(m => m is null || !Metrics.Contains(m)) is >= 0 and var unknown)
        {
            errors["metrics"] = [$"'{metrics[unknown] ?? "null"}' is not a metric a training may return; allowed: {string.Join(", ", Metrics)}."];
        }
        else if (metrics.Distinct().Count() != metrics.Count)
        {
            errors["metrics"] = ["a metric is declared twice."];
        }

        return errors;
    }

    /// <summary>Null when <paramref name="result"/> is a valid contribution of <paramref name="model"/>; otherwise the field and why not.</summary>
    public static (string Field, string Problem)? Check(TrainResult result, TrainingModel model)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(model);
        if (result.Weights is null || result.Weights.Count != model.WeightCount)
        {
            return ("weights", $"the training declared {model.WeightCount} weights; the node sent {result.Weights?.Count ?? 0}.");
        }

        if (result.Weights.ToList().FindIndex(w => !double.IsFinite(w)) is >= 0 and var bad)
        {
            return ($"weights[{bad}]", "a weight is not a finite number.");
        }

        if (result.Samples < MinSamples || result.Samples % SampleRounding != 0)
        {
            return ("samples", $"samples must be at least {MinSamples} and a multiple of {SampleRounding} (the node rounds its count up).");
        }

        if (result.Metrics is null)
        {
            return ("metrics", "the result has no metrics.");
        }

        foreach (var (name, value) in result.Metrics)
        {
            if (!model.Metrics.Contains(name))
            {
                return ($"metrics.{name}", $"metric '{name}' was not declared by the training (declared: {string.Join(", ", model.Metrics)}).");
            }

            if (!double.IsFinite(value))
            {
                return ($"metrics.{name}", $"metric '{name}' is not a finite number.");
            }
        }

        return model.Metrics.FirstOrDefault(m => !result.Metrics.ContainsKey(m)) is { } missing
            ? ($"metrics.{missing}", $"declared metric '{missing}' is missing.")
            : null;
    }
}
