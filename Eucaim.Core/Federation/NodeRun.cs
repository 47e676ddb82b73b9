namespace Eucaim.Core.Federation;

/// <summary>
/// A federated run as the node that was asked keeps it, in its own database: the hub's request, the node's decision
/// (its policy's, or its data holder's), and the checked result held at the node until a data holder releases it.
/// The node's data holders see and decide here; the hub only ever learns the state and, once released, the result.
/// </summary>
public sealed class NodeRun
{
    /// <summary>The hub's run id.</summary>
    public Guid Id { get; set; }

    /// <summary>The <c>RunRequest</c> body as JSON (<see cref="Contracts.FederationJson"/>), as the hub sent it.</summary>
    public required string Request { get; set; }

    public required string Image { get; set; }

    /// <summary>This node's datasets the run reads.</summary>
    public List<Guid> Datasets { get; set; } = [];

    public required string RequesterSubject { get; set; }

    public required string RequesterTenant { get; set; }

    public string? RequesterOrganisation { get; set; }

    /// <summary>One of <see cref="NodeRunStates"/>.</summary>
    public required string State { get; set; }

    /// <summary>The reason in words sent to the hub with a refusal, a failure or a withheld result.</summary>
    public string? Reason { get; set; }

    public DateTimeOffset ReceivedAt { get; set; }

    /// <summary>Who decided: a data holder's subject, or <c>policy</c> (<see cref="NodeRunStates.PolicyDecider"/>).</summary>
    public string? DecidedBy { get; set; }

    public DateTimeOffset? DecidedAt { get; set; }

    /// <summary>The checked <c>RunResult</c> as JSON, held at the node from the run's end until it is released or withheld.</summary>
    public string? Result { get; set; }

    public DateTimeOffset? ResultAt { get; set; }

    public string? ReleasedBy { get; set; }

    public DateTimeOffset? ReleasedAt { get; set; }

    /// <summary>The last state the node reported to the hub: a state not reported yet is the node's work to do.</summary>
    public string? ReportedState { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>PostgreSQL's row version, so two data holders deciding at once cannot both win.</summary>
    public uint RowVersion { get; set; }
}
