using System.Text.RegularExpressions;

namespace Eucaim.Core.Access;

/// <summary>Limits of what an access request may carry.</summary>
public static partial class AccessRules
{
    public const int MaxTitleLength = 200;
    public const int MaxPurposeLength = 4000;
    public const int MaxCommentLength = 4000;
    public const int MaxDatasetsPerRequest = 50;
    public const int MaxDuoCodes = 20;

    /// <summary>A Data Use Ontology term id, e.g. <c>DUO:0000042</c>.</summary>
    public static bool IsDuoCode(string code) => DuoCode().IsMatch(code);

    [GeneratedRegex(@"^DUO:[0-9]{7}$", RegexOptions.CultureInvariant)]
    private static partial Regex DuoCode();
}
