namespace Eucaim.Core.Access;

/// <summary>The API's spelling of the access enums: lowercase, hyphenated.</summary>
public static class AccessText
{
    public static string Of(AccessRequestStatus status) => status switch
    {
        AccessRequestStatus.Submitted => "submitted",
        AccessRequestStatus.UnderReview => "under-review",
        AccessRequestStatus.ChangesRequested => "changes-requested",
        AccessRequestStatus.Approved => "approved",
        AccessRequestStatus.Rejected => "rejected",
        AccessRequestStatus.Withdrawn => "withdrawn",
        _ => status.ToString().ToLowerInvariant(),
    };

    public static bool TryParse(string? text, out AccessRequestStatus status)
    {
        foreach (var candidate in Enum.GetValues<AccessRequestStatus>())
        {
            if (string.Equals(Of(candidate), text, StringComparison.OrdinalIgnoreCase))
            {
                status = candidate;
                return true;
            }
        }

        status = default;
        return false;
    }

    public static string Of(AccessItemStatus status) => status.ToString().ToLowerInvariant();

    public static string Of(ReviewParty party) => party == ReviewParty.Committee ? "committee" : "data-holder";
}
