namespace Eucaim.SampleJob;

/// <summary>
/// The training sample's model: logistic regression of P(female) on three features, laid out as the weights are,
/// [bias, patch, age]. The features are scaled by FIXED constants, never by the node's own data, so that every node
/// trains in the same coordinates and the hub's average of their weights means something.
/// </summary>
public static class LogisticModel
{
    public const int WeightCount = 3;

    /// <summary>The patch mean is centred and scaled around the brightness range the synthetic cohort draws from.</summary>
    public const double PatchCentre = 112;
    public const double PatchScale = 20;

    public const double AgeCentre = 60;
    public const double AgeScale = 15;

    public static double[] Features(TrainingCohort.Subject subject)
    {
        ArgumentNullException.ThrowIfNull(subject);
        return [1, (subject.PatchMean - PatchCentre) / PatchScale, (subject.Age - AgeCentre) / AgeScale];
    }

    /// <summary>The logit w·x.</summary>
    public static double Logit(IReadOnlyList<double> weights, double[] features)
    {
        var z = 0.0;
        for (var i = 0; i < WeightCount; i++)
        {
            z += weights[i] * features[i];
        }

        return z;
    }

    public static double Probability(double logit) => 1 / (1 + Math.Exp(-logit));

    /// <summary>Binary cross-entropy from the logit, written so that it neither overflows nor takes the log of 0: max(z, 0) − y·z + ln(1 + e^−|z|).</summary>
    public static double Loss(double logit, bool female) =>
        Math.Max(logit, 0) - (female ? logit : 0) + Math.Log(1 + Math.Exp(-Math.Abs(logit)));

    /// <summary>The declared metrics of <paramref name="weights"/> on the subjects: mean cross-entropy, accuracy at 0.5, AUC of the logit.</summary>
    public static SortedDictionary<string, double> Evaluate(IReadOnlyList<double> weights, IReadOnlyList<TrainingCohort.Subject> subjects, IEnumerable<string> metrics)
    {
        var logits = subjects.Select(s => Logit(weights, Features(s))).ToList();
        var values = new SortedDictionary<string, double>(StringComparer.Ordinal);
        foreach (var name in metrics)
        {
            values[name] = name switch
            {
                "loss" => subjects.Select((s, i) => Loss(logits[i], s.Female)).Average(),
                // p ≥ 0.5 exactly when the logit is ≥ 0.
                "accuracy" => subjects.Where((s, i) => logits[i] >= 0 == s.Female).Count() / (double)subjects.Count,
                "auc" => Auc.MannWhitney(
                    logits.Where((_, i) => subjects[i].Female).ToList(),
                    logits.Where((_, i) => !subjects[i].Female).ToList()) ?? throw new InvalidOperationException("The AUC needs both sexes."),
                _ => throw new ArgumentException($"'{name}' is not a metric of this model.", nameof(metrics)),
            };
        }

        return values;
    }

    /// <summary>One full-batch gradient descent step on the mean cross-entropy: w ← w − η · mean((p − y) x).</summary>
    public static double[] Step(IReadOnlyList<double> weights, IReadOnlyList<TrainingCohort.Subject> subjects, double learningRate)
    {
        var gradient = new double[WeightCount];
        foreach (var subject in subjects)
        {
            var x = Features(subject);
            var error = Probability(Logit(weights, x)) - (subject.Female ? 1 : 0);
            for (var i = 0; i < WeightCount; i++)
            {
                gradient[i] += error * x[i] / subjects.Count;
            }
        }

        return [.. weights.Select((w, i) => w - learningRate * gradient[i])];
    }
}
