namespace Eucaim.SampleJob;

/// <summary>The area under the ROC curve, shared by the validation and the training samples so both score alike.</summary>
public static class Auc
{
    /// <summary>
    /// The Mann–Whitney statistic: P(a positive scores above a negative) + ½ P(a tie), over every pair; null when a
    /// class is empty (the AUC is then undefined). Quadratic, which a node's cohort of a few hundred subjects affords.
    /// </summary>
    public static double? MannWhitney(IReadOnlyCollection<double> positives, IReadOnlyCollection<double> negatives)
    {
        ArgumentNullException.ThrowIfNull(positives);
        ArgumentNullException.ThrowIfNull(negatives);
        if (positives.Count == 0 || negatives.Count == 0)
        {
            return null;
        }

        var wins = 0.0;
        foreach (var p in positives)
        {
            foreach (var n in negatives)
            {
                wins += p > n ? 1 : p == n ? 0.5 : 0;
            }
        }

        return wins / ((double)positives.Count * negatives.Count);
    }
}
