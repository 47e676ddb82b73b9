namespace Eucaim.Core.Access;

/// <summary>
/// One party's decision on one dataset of a request. At most one per (request, dataset, party):
/// a unique index makes the second of two concurrent decisions fail.
/// </summary>
public sealed class AccessDecision
{
    public Guid Id { get; set; }

    public Guid AccessRequestId { get; set; }

    public Guid DatasetId { get; set; }

    public ReviewParty Party { get; set; }

    public bool Approved { get; set; }

    public required string DeciderSubject { get; set; }

    public string? Comment { get; set; }

    /// <summary>An end the decider set for the grant (at most the requested duration's end and the platform maximum).</summary>
    public DateTimeOffset? ValidUntil { get; set; }

    public string? Conditions { get; set; }

    public DateTimeOffset DecidedAt { get; set; }
}

/// <summary>Who decides on a dataset: the access committee always, the data holder when the dataset's terms say so.</summary>
public enum ReviewParty
{
    Committee,
    DataHolder,
}
