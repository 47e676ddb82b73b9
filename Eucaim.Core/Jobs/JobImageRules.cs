using System.Diagnostics.CodeAnalysis;
using System.Text.RegularExpressions;

namespace Eucaim.Core.Jobs;

/// <summary>What an allow-list entry is: an image reference without digest, and a digest given apart.</summary>
public static partial class JobImageRules
{
    /// <summary>The longest reference (its column); the regular expression alone would take any length.</summary>
    public const int MaxReferenceLength = 500;

    public const int MaxDescriptionLength = 2000;

    public static bool IsReference([NotNullWhen(true)] string? reference) => reference is not null && Reference().IsMatch(reference);

    public static bool IsDigest(string digest) => Digest().IsMatch(digest);

    [GeneratedRegex("^[a-z0-9]+([._-][a-z0-9]+)*(:[0-9]+)?(/[a-z0-9]+([._-][a-z0-9]+)*)*(:[A-Za-z0-9_][A-Za-z0-9_.-]{0,127})?$")]
    private static partial Regex Reference();

    [GeneratedRegex("^sha256:[0-9a-f]{64}$")]
    private static partial Regex Digest();
}
