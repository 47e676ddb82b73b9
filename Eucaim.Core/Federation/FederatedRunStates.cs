using Eucaim.Core.Contracts;

namespace Eucaim.Core.Federation;

/// <summary>
/// Where a run stands at one node, as the hub records it: <c>pending</c> until the node says otherwise, then what
/// the node reported (<see cref="RunUpdateState"/>), <c>succeeded</c> with an accepted result, or
/// <c>result-refused</c> when what the node sent did not match the run's schema.
/// </summary>
public static class FederatedRunStates
{
    public const string Pending = "pending";
    public const string Accepted = "accepted";
    public const string Refused = "refused";
    public const string Running = "running";
    public const string AwaitingApproval = "awaiting-approval";
    public const string AwaitingRelease = "awaiting-release";
    public const string Failed = "failed";
    public const string Succeeded = "succeeded";
    public const string ResultRefused = "result-refused";

    public static bool IsFinal(string state) => state is Refused or Failed or Succeeded or ResultRefused;

    public static string Of(RunUpdateState state) => state switch
    {
        RunUpdateState.Accepted => Accepted,
        RunUpdateState.Refused => Refused,
        RunUpdateState.Running => Running,
        RunUpdateState.AwaitingApproval => AwaitingApproval,
        RunUpdateState.AwaitingRelease => AwaitingRelease,
        RunUpdateState.Failed => Failed,
        _ => throw new ArgumentOutOfRangeException(nameof(state), state, "not a state a node reports"),
    };
}
