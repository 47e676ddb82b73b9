using System.Globalization;
using System.Text.RegularExpressions;

namespace Eucaim.Tenants.Tests.FakeKubernetes;

/// <summary>Kubernetes resource quantities (<c>500m</c>, <c>64Gi</c>, <c>1e3</c>, <c>8</c>) as exact decimals in base units.</summary>
internal static partial class FakeKubernetesQuantity
{
    private static readonly Dictionary<string, decimal> Suffixes = new(StringComparer.Ordinal)
    {
        [""] = 1m, ["n"] = 0.000000001m, ["u"] = 0.000001m, ["m"] = 0.001m,
        ["k"] = 1e3m, ["M"] = 1e6m, ["G"] = 1e9m, ["T"] = 1e12m, ["P"] = 1e15m, ["E"] = 1e18m,
        ["Ki"] = 1024m, ["Mi"] = 1024m * 1024, ["Gi"] = 1024m * 1024 * 1024, ["Ti"] = 1024m * 1024 * 1024 * 1024,
        ["Pi"] = 1024m * 1024 * 1024 * 1024 * 1024, ["Ei"] = 1024m * 1024 * 1024 * 1024 * 1024 * 1024,
    };

    public static decimal Parse(string text)
    {
        var match = QuantityPattern().Match(text.Trim());
        if (!match.Success)
        {
            throw new FormatException($"quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$': {text}");
        }

        var number = decimal.Parse(match.Groups[1].Value, NumberStyles.Float, CultureInfo.InvariantCulture);
        var suffix = match.Groups[2].Value;
        return suffix.Length > 1 && suffix[0] is 'e' or 'E'
            ? number * (decimal)Math.Pow(10, int.Parse(suffix[1..], CultureInfo.InvariantCulture))
            : number * Suffixes[suffix];
    }

    /// <summary>The short form the API server prints: binary suffixes for bytes, millicores for fractions.</summary>
    public static string Format(string resource, decimal value)
    {
        if (resource.Contains("memory", StringComparison.Ordinal) || resource.Contains("storage", StringComparison.Ordinal))
        {
            foreach (var suffix in new[] { "Ei", "Pi", "Ti", "Gi", "Mi", "Ki" })
            {
                if (value != 0 && value % Suffixes[suffix] == 0)
                {
                    return (value / Suffixes[suffix]).ToString("0", CultureInfo.InvariantCulture) + suffix;
                }
            }
        }

        return value == decimal.Truncate(value)
            ? value.ToString("0", CultureInfo.InvariantCulture)
            : (value * 1000).ToString("0", CultureInfo.InvariantCulture) + "m";
    }

    [GeneratedRegex(@"^([+-]?[0-9.]+)((?:[eE][+-]?[0-9]+)|(?:[KMGTPE]i)|[numkMGTPE])?$")]
    private static partial Regex QuantityPattern();
}
