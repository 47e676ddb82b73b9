namespace Eucaim.Workers.Federation;

/// <summary>
/// <c>Eucaim:Federation:Node:Runs</c>: which federated runs this node takes. A run of an image in neither list, or
/// asked by an organisation not listed, is refused with the reason. A run of an <see cref="AllowedImages"/> image is
/// pre-approved: it runs, and its checked result leaves, without a person. A run of an <see cref="ApprovalImages"/>
/// image waits for a data holder of its datasets at this node to approve it, and its checked result for one to
/// release it (docs/federation.md#the-data-holders-say).
/// </summary>
public sealed class FederationRunPolicyOptions
{
    /// <summary>Pre-approved image references this node runs (each must also have a local command, <c>Eucaim:Jobs:Local:Images</c>); empty: none.</summary>
    public List<string> AllowedImages { get; set; } = [];

    /// <summary>Image references this node runs once a data holder approved each run, and whose results leave once one released them.</summary>
    public List<string> ApprovalImages { get; set; } = [];

    /// <summary>Organisations (the hub's requester organisation, an e-mail domain) whose runs this node takes; empty: any.</summary>
    public List<string> AllowedOrganisations { get; set; } = [];

    /// <summary>How long a run may run at this node before it is stopped and reported failed.</summary>
    public TimeSpan MaxRuntime { get; set; } = TimeSpan.FromMinutes(30);
}
