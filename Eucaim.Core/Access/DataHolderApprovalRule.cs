using System.Text.RegularExpressions;

namespace Eucaim.Core.Access;

/// <summary>
/// Whether a dataset's terms of use make the data holder a decider. The EUCAIM descriptions say it in
/// prose ("Access restricted. Access by request", "must submit a written request addressed to the
/// biobank", "granted on a case-by-case basis", "must be disclosed and approved by the IRB",
/// "without special authorization"…). The rule: the data holder decides when the terms mention a
/// request, an approval, an authorization, a permit or a case-by-case decision; terms that are empty,
/// "Unspecified", or only describe the data leave the decision to the committee alone. A data holder
/// can override the derived value per dataset (<see cref="DatasetAccessPolicy"/>).
/// </summary>
public static partial class DataHolderApprovalRule
{
    public static bool Derive(string? termsOfUse) =>
        !string.IsNullOrWhiteSpace(termsOfUse) && Wording().IsMatch(termsOfUse);

    [GeneratedRegex(@"\b(request|approv|authori[sz]|permit|case-by-case)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Wording();
}
