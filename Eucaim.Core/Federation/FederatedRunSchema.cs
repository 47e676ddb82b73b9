using System.Text.Json;
using System.Text.RegularExpressions;
using Eucaim.Core.Contracts;

namespace Eucaim.Core.Federation;

/// <summary>
/// The result schema of a federated run, and the one check of a result against it, used by the hub on what a
/// node sends and by the node on what its run wrote: only declared metric names (from a fixed vocabulary),
/// each a finite number; only declared count names, each well formed; no other field anywhere.
/// </summary>
public static partial class FederatedRunSchema
{
    /// <summary>The metrics a run may declare.</summary>
    public static IReadOnlyList<string> Metrics { get; } = ["dice", "iou", "hd95", "auc", "f1", "accuracy", "sensitivity", "specificity"];

    public const int MaxCounts = 16;

    public const int MaxArguments = 16;

    public const int MaxArgumentLength = 200;

    /// <summary>A declared count's name: lower-case letters, digits and dashes, at most 32, e.g. <c>subjects</c>, <c>true-positives</c>.</summary>
    public static bool IsCountName(string? name) => name is not null && CountName().IsMatch(name);

    /// <summary>Problems of a declared schema, by field (<c>metrics</c>, <c>counts</c>); empty when it is valid.</summary>
    public static Dictionary<string, string[]> Validate(IReadOnlyList<string>? metrics, IReadOnlyList<string>? counts)
    {
        var errors = new Dictionary<string, string[]>();
        if (metrics is null || metrics.Count == 0)
        {
            errors["metrics"] = [$"declare at least one metric, from: {string.Join(", ", Metrics)}."];
        }
        else if (metrics.ToList().FindIndex(m => m is null || !Metrics.Contains(m)) is >= 0 and var unknown)
        {
            errors["metrics"] = [$"'{Printable(metrics[unknown] ?? "null")}' is not a metric a run may return; allowed: {string.Join(", ", Metrics)}."];
        }
        else if (metrics.Distinct().Count() != metrics.Count)
        {
            errors["metrics"] = ["a metric is declared twice."];
        }

        counts ??= [];
        if (counts.Count > MaxCounts)
        {
            errors["counts"] = [$"at most {MaxCounts} counts."];
        }
        else if (counts.ToList().FindIndex(c => !IsCountName(c)) is >= 0 and var bad)
        {
            errors["counts"] = [$"'{Printable(counts[bad] ?? "null")}' is not a count name (lower-case letters, digits and dashes, at most 32, starting with a letter)."];
        }
        else if (counts.Distinct().Count() != counts.Count)
        {
            errors["counts"] = ["a count is declared twice."];
        }

        return errors;
    }

    /// <summary>
    /// Reads a result body (the JSON of a <see cref="RunResult"/>) strictly: unknown members anywhere, a metric
    /// that is not a number, a count that is not a <see cref="PrivateCount"/> are refused with the reason.
    /// </summary>
    public static RunResult? Read(JsonElement body, out string? problem)
    {
        try
        {
            problem = null;
            var result = body.Deserialize<RunResult>(FederationJson.Options);
            if (result is null)
            {
                problem = "the result is empty.";
            }

            return result;
        }
        catch (JsonException ex)
        {
            problem = $"the result is not a run result (only runId, metrics of numbers and released counts): {ex.Message}";
            return null;
        }
    }

    /// <summary>Null when <paramref name="result"/> matches the declared schema; otherwise the field and why not.</summary>
    public static (string Field, string Problem)? Check(RunResult result, RunResultSchema schema)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(schema);
        if (result.Metrics is null)
        {
            return ("metrics", "the result has no metrics.");
        }

        foreach (var (name, value) in result.Metrics)
        {
            if (!schema.Metrics.Contains(name))
            {
                return ($"metrics.{Printable(name)}", $"metric '{Printable(name)}' was not declared by the run (declared: {string.Join(", ", schema.Metrics)}).");
            }

            if (!double.IsFinite(value))
            {
                return ($"metrics.{name}", $"metric '{name}' is not a finite number.");
            }
        }

        if (schema.Metrics.FirstOrDefault(m => !result.Metrics.ContainsKey(m)) is { } missing)
        {
            return ($"metrics.{missing}", $"declared metric '{missing}' is missing.");
        }

        foreach (var (name, count) in result.Counts ?? new Dictionary<string, PrivateCount>())
        {
            if (!schema.Counts.Contains(name))
            {
                return ($"counts.{Printable(name)}", $"count '{Printable(name)}' was not declared by the run (declared: {string.Join(", ", schema.Counts)}).");
            }

            if (FederationRules.CountProblem(count) is { } problem)
            {
                return ($"counts.{name}", $"count '{name}' {problem}.");
            }
        }

        if (schema.Counts.FirstOrDefault(c => result.Counts?.ContainsKey(c) != true) is { } missingCount)
        {
            return ($"counts.{missingCount}", $"declared count '{missingCount}' is missing.");
        }

        return null;
    }

    private static string Printable(string text) => string.Concat(text.Take(63).Select(c => c is < ' ' or > '~' ? '?' : c));

    [GeneratedRegex("^[a-z][a-z0-9-]{0,31}$", RegexOptions.CultureInvariant)]
    private static partial Regex CountName();
}
