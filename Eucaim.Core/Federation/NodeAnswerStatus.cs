namespace Eucaim.Core.Federation;

/// <summary>Where one node's answer to a federated search stands, as the API shows it.</summary>
public static class NodeAnswerStatus
{
    public const string Answered = "answered";
    public const string AnsweredLate = "answered-late";
    public const string TimedOut = "timed-out";

    /// <summary>Not answered and still within its time (only a re-read during the search sees it).</summary>
    public const string Pending = "pending";
}
