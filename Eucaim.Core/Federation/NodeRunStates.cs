namespace Eucaim.Core.Federation;

/// <summary>
/// Where a run stands at the node (<see cref="NodeRun"/>). A run of a pre-approved image goes straight to
/// <see cref="Approved"/> and its result straight to <see cref="Released"/>; a run of an image that needs a person goes
/// through <see cref="AwaitingApproval"/> and <see cref="AwaitingRelease"/>, each decided by a data holder of the
/// run's datasets at the node.
/// </summary>
public static class NodeRunStates
{
    public const string AwaitingApproval = "awaiting-approval";
    public const string Refused = "refused";
    public const string Approved = "approved";
    public const string Running = "running";
    public const string AwaitingRelease = "awaiting-release";
    public const string Released = "released";
    public const string Withheld = "withheld";
    public const string Failed = "failed";

    /// <summary><see cref="NodeRun.DecidedBy"/> and <see cref="NodeRun.ReleasedBy"/> when the node's configuration decided, not a person.</summary>
    public const string PolicyDecider = "policy";

    public static IReadOnlyList<string> All { get; } = [AwaitingApproval, Refused, Approved, Running, AwaitingRelease, Released, Withheld, Failed];

    /// <summary>States in which the node is done with the run once it has reported them.</summary>
    public static IReadOnlyList<string> Final { get; } = [Refused, Released, Withheld, Failed];
}
