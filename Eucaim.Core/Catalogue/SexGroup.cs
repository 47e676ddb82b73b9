using System.Text.RegularExpressions;

namespace Eucaim.Core.Catalogue;

/// <summary>
/// The searchable form of a dataset's free-text "sex" description. The rule: the text (any case)
/// names females when it contains the word female(s), woman or women, and males when it contains
/// male(s), man or men as a word of its own ("female" does not count as "male"). Both named →
/// <c>mixed</c>, one → that one, none → <c>unspecified</c>. Percentages do not matter:
/// "Female (99.9%), Male (0.1%)" is mixed. The original text is kept beside it.
/// </summary>
public static partial class SexGroup
{
    public const string Male = "male";
    public const string Female = "female";
    public const string Mixed = "mixed";
    public const string Unspecified = "unspecified";

    public static IReadOnlyList<string> All { get; } = [Male, Female, Mixed, Unspecified];

    public static string Of(string? description)
    {
        if (string.IsNullOrWhiteSpace(description))
        {
            return Unspecified;
        }

        var female = FemaleWord().IsMatch(description);
        var male = MaleWord().IsMatch(description);
        return (female, male) switch
        {
            (true, true) => Mixed,
            (true, false) => Female,
            (false, true) => Male,
            _ => Unspecified,
        };
    }

    [GeneratedRegex(@"\b(females?|wom[ae]n)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex FemaleWord();

    [GeneratedRegex(@"\b(males?|m[ae]n)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex MaleWord();
}
