using Eucaim.Core.Identity;
using Eucaim.Core.Platform;

namespace Eucaim.Core.Access;

/// <summary>Who may end a grant, and when it can still be ended.</summary>
public static class GrantRules
{
    public const int MaxReasonLength = 2000;

    /// <summary>The reason, trimmed: the tenant reads it, so it is required.</summary>
    public static Outcome<string> RevocationReason(string? reason)
    {
        var trimmed = reason?.Trim();
        return string.IsNullOrEmpty(trimmed) || trimmed.Length > MaxReasonLength
            ? Problem.Invalid("reason", $"A reason of 1 to {MaxReasonLength} characters is required: the tenant sees it.")
            : trimmed;
    }

    public static bool MayRevoke(PlatformIdentity caller, string datasetOrganization) =>
        caller.IsAccessCommittee || caller.IsAdmin || caller.HoldsDataFor(datasetOrganization);

    /// <summary>Refuses a revoker without the role, and a grant already revoked or past its end.</summary>
    public static Problem? CheckRevoke(Grant grant, PlatformIdentity caller, string datasetOrganization, DateTimeOffset now)
    {
        if (!MayRevoke(caller, datasetOrganization))
        {
            return Problem.Forbidden("You may not revoke this grant.",
                "Grants are revoked by the access committee, admins, or the dataset's data holders.", "revoker-role");
        }

        if (grant.RevokedAt is { } revokedAt)
        {
            return AlreadyRevoked($"at {revokedAt:O}");
        }

        return grant.ExpiredAt is not null || now >= grant.ValidUntil
            ? Problem.Conflict("Already expired.", $"The grant ended at {grant.ValidUntil:O}.", "grant-ended")
            : null;
    }

    public static Problem AlreadyRevoked(string when) => Problem.Conflict("Already revoked.", $"The grant was revoked {when}.", "grant-ended");

    /// <summary>The grant's status at <paramref name="now"/>: revoked, expired, pending or active.</summary>
    public static string Status(Grant grant, DateTimeOffset now) =>
        grant.RevokedAt is not null ? "revoked"
        : grant.ExpiredAt is not null || now >= grant.ValidUntil ? "expired"
        : now < grant.ValidFrom ? "pending"
        : "active";
}
