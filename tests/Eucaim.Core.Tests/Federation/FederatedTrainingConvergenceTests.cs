using Eucaim.Core.Federation;

namespace Eucaim.Core.Tests.Federation;

/// <summary>
/// A training's convergence rule: loss improves by falling, accuracy and auc by rising; an improvement below the
/// minimum ends the training after that round, from round 2 on; the rule names one of the declared metrics, a positive
/// finite minimum, and needs at least 2 rounds.
/// </summary>
public sealed class FederatedTrainingConvergenceTests
{
    private static readonly string[] Declared = ["loss", "accuracy"];

    private static string[] Fields(FederatedTrainingConvergence? rule, int? rounds = 5, string[]? declared = null) =>
        [.. FederatedTrainingConvergence.Validate(rule, declared ?? Declared, rounds).Select(p => p.Field)];

    [Fact]
    public void Loss_improves_by_falling_and_accuracy_and_auc_by_rising()
    {
        Assert.Equal(0.19, FederatedTrainingConvergence.Improvement("loss", 0.69, 0.50), 12);
        Assert.Equal(-0.1, FederatedTrainingConvergence.Improvement("loss", 0.5, 0.6), 12);
        Assert.Equal(0.04, FederatedTrainingConvergence.Improvement("accuracy", 0.75, 0.79), 12);
        Assert.Equal(-0.02, FederatedTrainingConvergence.Improvement("auc", 0.8, 0.78), 12);
    }

    [Fact]
    public void A_round_that_improves_by_at_least_the_minimum_goes_on()
    {
        Assert.Null(FederatedTrainingConvergence.Converged("loss", 0.05, 2, 5, 0.69, 0.50));
        Assert.Null(FederatedTrainingConvergence.Converged("accuracy", 0.01, 4, 5, 0.70, 0.75));
        Assert.Null(FederatedTrainingConvergence.Converged("loss", 0.25, 2, 5, 1.0, 0.75));
    }

    [Fact]
    public void A_round_that_improves_by_less_than_the_minimum_ends_the_training_saying_why()
    {
        Assert.Equal("Converged after round 3 of 5: loss improved by 0.02 (< 0.05).",
            FederatedTrainingConvergence.Converged("loss", 0.05, 3, 5, 0.50, 0.48));
        Assert.Equal("Converged after round 3 of 10: loss improved by 0.0067 (< 0.01).",
            FederatedTrainingConvergence.Converged("loss", 0.01, 3, 10, 0.4567, 0.45));
        Assert.Equal("Converged after round 2 of 4: auc got worse by 0.03 (< 0.001).",
            FederatedTrainingConvergence.Converged("auc", 0.001, 2, 4, 0.81, 0.78));
        Assert.Equal("Converged after round 6 of 8: accuracy improved by 0 (< 0.01).",
            FederatedTrainingConvergence.Converged("accuracy", 0.01, 6, 8, 0.79, 0.79));
        Assert.Equal("Converged after round 2 of 3: loss improved by 2E-5 (< 0.0001).",
            FederatedTrainingConvergence.Converged("loss", 1e-4, 2, 3, 0.45002, 0.45));
    }

    [Fact]
    public void Round_1_or_an_unknown_value_never_ends_the_training()
    {
        Assert.Null(FederatedTrainingConvergence.Converged("loss", 0.05, 1, 5, 0.5, 0.5));
        Assert.Null(FederatedTrainingConvergence.Converged("loss", 0.05, 3, 5, null, 0.5));
        Assert.Null(FederatedTrainingConvergence.Converged("loss", 0.05, 3, 5, 0.5, null));
        Assert.Null(FederatedTrainingConvergence.Converged("loss", 0.05, 3, 5, double.NaN, 0.5));
    }

    [Fact]
    public void A_valid_rule_or_none_has_no_problem()
    {
        Assert.Empty(Fields(null, rounds: 1));
        Assert.Empty(Fields(new FederatedTrainingConvergence("loss", 0.01)));
        Assert.Empty(Fields(new FederatedTrainingConvergence("accuracy", FederatedTrainingConvergence.MaxMinImprovement), rounds: 2));
    }

    [Fact]
    public void A_rule_is_refused_naming_its_field()
    {
        Assert.Equal(["convergence.metric"], Fields(new FederatedTrainingConvergence("auc", 0.01)));
        Assert.Equal(["convergence.metric"], Fields(new FederatedTrainingConvergence(null, 0.01)));
        Assert.Equal(["convergence.metric"], Fields(new FederatedTrainingConvergence("Loss", 0.01)));
        Assert.Equal(["convergence.metric"], Fields(new FederatedTrainingConvergence("loss", 0.01), declared: []));
        Assert.Equal(["convergence.minImprovement"], Fields(new FederatedTrainingConvergence("loss", 0)));
        Assert.Equal(["convergence.minImprovement"], Fields(new FederatedTrainingConvergence("loss", -0.01)));
        Assert.Equal(["convergence.minImprovement"], Fields(new FederatedTrainingConvergence("loss", null)));
        Assert.Equal(["convergence.minImprovement"], Fields(new FederatedTrainingConvergence("loss", double.NaN)));
        Assert.Equal(["convergence.minImprovement"], Fields(new FederatedTrainingConvergence("loss", double.PositiveInfinity)));
        Assert.Equal(["convergence.minImprovement"], Fields(new FederatedTrainingConvergence("loss", 1e7)));
        Assert.Equal(["convergence"], Fields(new FederatedTrainingConvergence("loss", 0.01), rounds: 1));
        Assert.Equal(["convergence", "convergence.metric", "convergence.minImprovement"], Fields(new FederatedTrainingConvergence(null, null), rounds: 1));
    }
}
