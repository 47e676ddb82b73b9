namespace Eucaim.Core.Jobs;

/// <summary>
/// A piece of a job's live log, appended by the Workers as the backend produces it and read by the
/// API's followers. The whole log goes to the <c>logs</c> container when the job ends.
/// </summary>
public sealed class JobLogChunk
{
    public long Id { get; set; }

    public Guid JobId { get; set; }

    /// <summary>1, 2, 3… per job: followers resume after the last sequence they saw.</summary>
    public long Sequence { get; set; }

    public required string Text { get; set; }

    public DateTimeOffset At { get; set; }
}
