using k8s.Models;

namespace Eucaim.Deploy.Tests;

/// <summary>Kubernetes label selector semantics (matchLabels and matchExpressions), for NetworkPolicy and Service checks.</summary>
internal static class LabelSelectors
{
    public static bool Matches(this V1LabelSelector? selector, IDictionary<string, string>? labels)
    {
        labels ??= new Dictionary<string, string>();
        if (selector is null)
        {
            return false;
        }

        foreach (var (key, value) in selector.MatchLabels ?? new Dictionary<string, string>())
        {
            if (!labels.TryGetValue(key, out var actual) || actual != value)
            {
                return false;
            }
        }

        foreach (var e in selector.MatchExpressions ?? [])
        {
            var has = labels.TryGetValue(e.Key, out var actual);
            var ok = e.OperatorProperty switch
            {
                "In" => has && e.Values.Contains(actual!),
                "NotIn" => !has || !e.Values.Contains(actual!),
                "Exists" => has,
                "DoesNotExist" => !has,
                _ => throw new NotSupportedException($"selector operator {e.OperatorProperty}"),
            };
            if (!ok)
            {
                return false;
            }
        }

        return true;
    }
}
