using System.Globalization;
using System.Text.Json;

namespace Eucaim.SampleJob;

/// <summary>
/// The federated training sample (<c>train</c>; image <c>eucaim/federated-training:1.0</c>): one node's part of one
/// FedAvg round of <see cref="LogisticModel"/>, learning Patient's Sex (F positive) from the central patch of the
/// images and the age. It first evaluates the incoming global weights (<c>EUCAIM_GLOBAL_WEIGHTS</c>) on the node's
/// subjects for the declared metrics (<c>EUCAIM_TRAIN_METRICS</c>), then trains from them by full-batch gradient
/// descent (<c>--epochs N</c>, default 25; <c>--learning-rate x</c>, default 0.5; <c>--delay-seconds N</c> lingers before writing) and writes <c>weights.json</c>
/// (<see cref="TrainedWeights"/>) and nothing else. Bad inputs end with exit code 2, a cohort it cannot learn from
/// (fewer than 2 subjects, or one sex only) with 3; neither writes weights.
/// </summary>
public static class LocalTraining
{
    public const int DefaultEpochs = 25;
    public const double DefaultLearningRate = 0.5;

    /// <summary>What this sample can compute: the whole vocabulary of <c>Eucaim.Core.Federation.FederatedTrainingSchema.Metrics</c>.</summary>
    public static readonly IReadOnlyList<string> Metrics = ["loss", "accuracy", "auc"];

    /// <summary>A progress line every this many epochs (and after the last); it stays in the node's log.</summary>
    private const int EpochsPerLine = 5;

    public static int Run(string[] args, string datasets, string output, string? roundVariable, string? weightsVariable, string? metricsVariable, TextWriter log, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(log);
        ArgumentNullException.ThrowIfNull(error);
        if (Arguments(args, error) is not { } parsed)
        {
            return 2;
        }

        var (epochs, learningRate, delay) = parsed;

        if (!int.TryParse(roundVariable, NumberStyles.None, CultureInfo.InvariantCulture, out var round) || round < 1)
        {
            error.WriteLine($"train: EUCAIM_TRAIN_ROUND must be a round number from 1; it is '{roundVariable}'");
            return 2;
        }

        if (Weights(weightsVariable, error) is not { } global)
        {
            return 2;
        }

        var metrics = (metricsVariable ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Distinct(StringComparer.Ordinal).ToList();
        if (metrics.Count == 0)
        {
            error.WriteLine("train: EUCAIM_TRAIN_METRICS names no metric");
            return 2;
        }

        if (metrics.FirstOrDefault(m => !Metrics.Contains(m)) is { } unknown)
        {
            error.WriteLine($"train: '{unknown}' is not a metric of this sample; it computes {string.Join(", ", Metrics)}");
            return 2;
        }

        var (subjects, skipped) = TrainingCohort.Read(datasets, log);
        log.WriteLine($"train: round {round}, {subjects.Count} subjects ({skipped} skipped)");
        if (subjects.Count < 2 || subjects.All(s => s.Female) || subjects.All(s => !s.Female))
        {
            error.WriteLine($"train: {subjects.Count} subjects of {subjects.Select(s => s.Female).Distinct().Count()} sex(es); a model of the sex needs at least 2 subjects of both; no weights");
            return 3;
        }

        var values = LogisticModel.Evaluate(global, subjects, metrics);
        log.WriteLine($"train: the global weights on this node: {string.Join(", ", values.Select(v => string.Create(CultureInfo.InvariantCulture, $"{v.Key} {v.Value:F4}")))}");
        var weights = global;
        for (var epoch = 1; epoch <= epochs; epoch++)
        {
            weights = LogisticModel.Step(weights, subjects, learningRate);
            if (epoch % EpochsPerLine == 0 || epoch == epochs)
            {
                var loss = LogisticModel.Evaluate(weights, subjects, ["loss"])["loss"];
                log.WriteLine(string.Create(CultureInfo.InvariantCulture, $"train: epoch {epoch}/{epochs}, loss {loss:F4}"));
            }
        }

        if (weights.Any(w => !double.IsFinite(w)))
        {
            // A learning rate far too large diverges; sending infinities would only be refused by the node.
            error.WriteLine($"train: the weights diverged (learning rate {learningRate.ToString(CultureInfo.InvariantCulture)}); no weights");
            return 3;
        }

        // Lingering lets a user (and a test) see a node's part of a round running, and stop the node meanwhile.
        for (var second = 1; second <= delay; second++)
        {
            Thread.Sleep(TimeSpan.FromSeconds(1));
            log.WriteLine($"train: still working: {second}/{delay} s");
        }

        Directory.CreateDirectory(output);
        var document = new TrainedWeights(weights, subjects.Count, values);
        File.WriteAllText(Path.Combine(output, "weights.json"), JsonSerializer.Serialize(document, TrainingDocuments.Options));
        log.WriteLine($"train: wrote weights.json ({LogisticModel.WeightCount} weights, {subjects.Count} samples, {string.Join(", ", values.Keys)})");
        return 0;
    }

    private static (int Epochs, double LearningRate, int DelaySeconds)? Arguments(string[] args, TextWriter error)
    {
        var (epochs, learningRate, delay) = (DefaultEpochs, DefaultLearningRate, 0);
        for (var i = 0; i < args.Length; i++)
        {
            var value = i + 1 < args.Length ? args[i + 1] : null;
            if (args[i] == "--epochs" && int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var e) && e is >= 1 and <= 10_000)
            {
                epochs = e;
            }
            else if (args[i] == "--learning-rate" && double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var r) && double.IsFinite(r) && r is > 0 and <= 100)
            {
                learningRate = r;
            }
            else if (args[i] == "--delay-seconds" && int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var d) && d <= 600)
            {
                delay = d;
            }
            else
            {
                error.WriteLine($"train: unknown argument '{args[i]}' (takes --epochs N, 1 to 10000, --learning-rate x, above 0 and at most 100, and --delay-seconds N, at most 600)");
                return null;
            }

            i++;
        }

        return (epochs, learningRate, delay);
    }

    /// <summary>EUCAIM_GLOBAL_WEIGHTS: a JSON array of exactly <see cref="LogisticModel.WeightCount"/> finite numbers.</summary>
    private static double[]? Weights(string? variable, TextWriter error)
    {
        double[]? weights;
        try
        {
            weights = JsonSerializer.Deserialize<double[]>(variable ?? "", TrainingDocuments.Options);
        }
        catch (JsonException)
        {
            weights = null;
        }

        if (weights is null || weights.Length != LogisticModel.WeightCount || weights.Any(w => !double.IsFinite(w)))
        {
            error.WriteLine($"train: EUCAIM_GLOBAL_WEIGHTS must be a JSON array of {LogisticModel.WeightCount} finite numbers [bias, patch, age]; it is '{variable}'");
            return null;
        }

        return weights;
    }
}
