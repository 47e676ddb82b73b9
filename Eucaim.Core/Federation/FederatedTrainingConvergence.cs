using System.Globalization;

namespace Eucaim.Core.Federation;

/// <summary>
/// A training's optional stopping rule: after each round from round 2 on, when the round's aggregated value of
/// <see cref="Metric"/> improved by less than <see cref="MinImprovement"/> over the previous round's, the training ends
/// <c>succeeded</c> there instead of running all its rounds. <c>loss</c> improves by falling; <c>accuracy</c> and
/// <c>auc</c> by rising.
/// </summary>
/// <param name="Metric">One of the training's declared metrics.</param>
/// <param name="MinImprovement">The least improvement, in the metric's own unit, for which another round is worth it.</param>
public sealed record FederatedTrainingConvergence(string? Metric, double? MinImprovement)
{
    /// <summary>
    /// A bound no metric of <see cref="FederatedTrainingSchema.Metrics"/> comes near; it keeps a typo (1e300) from
    /// being taken as a rule and keeps the number printable in a reason.
    /// </summary>
    public const double MaxMinImprovement = 1e6;

    /// <summary>The one metric of <see cref="FederatedTrainingSchema.Metrics"/> that improves by falling.</summary>
    public const string Loss = "loss";

    /// <summary>Problems of the rule as submitted, by field; empty when it is valid (or not given).</summary>
    /// <param name="rule">The submitted rule; null when the training has none.</param>
    /// <param name="declared">The training's declared metrics.</param>
    /// <param name="rounds">The training's rounds, as submitted.</param>
    public static List<(string Field, string Rule, string Message)> Validate(FederatedTrainingConvergence? rule, IReadOnlyList<string>? declared, int? rounds)
    {
        var problems = new List<(string, string, string)>();
        if (rule is null)
        {
            return problems;
        }

        if (rounds is < 2)
        {
            // Convergence compares a round with the one before: a single round has nothing to compare with.
            problems.Add(("convergence", "convergence-invalid", "convergence needs at least 2 rounds: each round from round 2 on is compared with the one before."));
        }

        if (string.IsNullOrEmpty(rule.Metric) || declared is null || !declared.Contains(rule.Metric, StringComparer.Ordinal))
        {
            problems.Add(("convergence.metric", "convergence-metric-invalid",
                $"convergence.metric must be one of the training's declared metrics ({string.Join(", ", declared ?? [])}); got '{rule.Metric ?? "null"}'."));
        }

        if (rule.MinImprovement is not { } min || !double.IsFinite(min) || min <= 0 || min > MaxMinImprovement)
        {
            problems.Add(("convergence.minImprovement", "convergence-min-improvement-invalid",
                $"convergence.minImprovement must be a number greater than 0 and at most {Number(MaxMinImprovement)}."));
        }

        return problems;
    }

    /// <summary>How much <paramref name="metric"/> improved from <paramref name="previous"/> to <paramref name="current"/>; negative when it got worse.</summary>
    public static double Improvement(string metric, double previous, double current) =>
        metric == Loss ? previous - current : current - previous;

    /// <summary>
    /// The reason the training ends after <paramref name="round"/> of <paramref name="rounds"/>, or null when it goes on:
    /// the round's value improved on the previous round's by at least <paramref name="minImprovement"/>, or either value
    /// is unknown (no comparison, no stop).
    /// </summary>
    public static string? Converged(string metric, double minImprovement, int round, int rounds, double? previous, double? current)
    {
        if (round < 2 || previous is not { } before || current is not { } now || !double.IsFinite(before) || !double.IsFinite(now))
        {
            return null;
        }

        var improvement = Improvement(metric, before, now);
        if (improvement >= minImprovement)
        {
            return null;
        }

        var change = improvement >= 0 ? $"improved by {Number(improvement)}" : $"got worse by {Number(-improvement)}";
        return $"Converged after round {round} of {rounds}: {metric} {change} (< {Number(minImprovement)}).";
    }

    /// <summary>
    /// Four decimals, as a person reads a metric, except where that would print a small number as 0, and never the
    /// binary noise of a difference (0.020000000000000018).
    /// </summary>
    public static string Number(double value) =>
        value == 0 || Math.Abs(value) >= 0.0001
            ? value.ToString("0.####", CultureInfo.InvariantCulture)
            : value.ToString("0.###E+0", CultureInfo.InvariantCulture);
}
