using Eucaim.Core.Contracts;
using Eucaim.Core.Jobs;

namespace Eucaim.Workers.Federation;

/// <summary>
/// One piece of the hub's work at this node (a run, a training round) as <see cref="NodeJobExecution"/> carries it out:
/// what the node's policy says of it, the one job it is, how its output is read, and how the node reports on it.
/// The parts read from the request are functions because the request is only known to be complete once the policy took it.
/// </summary>
/// <param name="Id">The run's or the training's id: the audit target.</param>
/// <param name="Subject">The work in the node's log ("run {id}").</param>
public sealed record NodeWork(
    NodeWorkKind Kind, Guid Id, string Subject, string Image, IReadOnlyList<Guid>? Datasets, string Flavor, RunRequester? Requester, IReadOnlyList<string>? Arguments)
{
    /// <summary>The node's policy on the request, given the datasets the node holds: null when it is taken.</summary>
    public required Func<IReadOnlyCollection<Guid>, string?> Refusal { get; init; }

    /// <summary>The job's own environment variables (the backend adds the platform's).</summary>
    public required Func<IReadOnlyDictionary<string, string>> Environment { get; init; }

    /// <summary>Reads the ended job's output and checks it, at the node.</summary>
    public required Func<Job, CancellationToken, Task<NodeJobOutput>> ReadResult { get; init; }

    /// <summary>The body of a state report (<see cref="NodeWorkKind.UpdateKind"/>).</summary>
    public required Func<RunUpdateState, string?, object> Update { get; init; }

    /// <summary>
    /// The job's id (by default <see cref="Id"/>): the same on a re-delivery of the request, so what a node process that
    /// died left of it is found.
    /// </summary>
    public Guid? JobId { get; init; }

    /// <summary>
    /// What becomes of a checked output instead of sending it at once (a run's result held for a data holder's
    /// release); null: it is sent, and its sending audited.
    /// </summary>
    public Func<NodeJobOutput, CancellationToken, Task>? Deliver { get; init; }

    /// <summary>Added to each of its audit entries (a training's round).</summary>
    public IReadOnlyDictionary<string, string?> AuditDetails { get; init; } = new Dictionary<string, string?>();
}
