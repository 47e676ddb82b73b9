using Eucaim.Core.Platform;

namespace Eucaim.Core.Ingest;

/// <summary>A dataset's de-identification policy for ingest as a data holder sets it, checked.</summary>
public sealed record IngestPolicySettings(DeidentificationMode Mode, bool RetainUids, int? DateShiftRangeDays)
{
    public const int MaxDateShiftRangeDays = 3650;

    /// <summary>The policy of a dataset that never set one.</summary>
    public static IngestPolicySettings Default { get; } = new(DeidentificationMode.Report, false, null);

    /// <param name="mode">report, reject or deidentify, in any case; not a number.</param>
    public static Outcome<IngestPolicySettings> Parse(string? mode, bool retainUids, int? dateShiftRangeDays)
    {
        var errors = new Dictionary<string, string[]>();
        if (!Enum.TryParse<DeidentificationMode>(mode, ignoreCase: true, out var parsed) || !Enum.IsDefined(parsed) || int.TryParse(mode, out _))
        {
            errors["mode"] = ["One of report, reject, deidentify."];
        }

        if (dateShiftRangeDays is < 1 or > MaxDateShiftRangeDays)
        {
            errors["dateShiftRangeDays"] = ["Between 1 and 3650 days, or null to remove dates."];
        }

        return errors.Count > 0
            ? Problem.Invalid(errors, "The ingest policy is not valid.")
            : new IngestPolicySettings(parsed, retainUids, dateShiftRangeDays);
    }

    public static IngestPolicySettings Of(DatasetIngestPolicy? policy) =>
        policy is null ? Default : new(policy.Mode, policy.RetainUids, policy.DateShiftRangeDays);
}
