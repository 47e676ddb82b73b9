namespace Eucaim.Workers.Federation;

/// <summary>
/// <c>Eucaim:Federation:Node:Runs</c>: which federated runs this node takes. A run of an image not listed, or asked by
/// an organisation not listed, is refused with the reason; a run of a listed image is pre-approved (it runs without
/// a person's approval).
/// </summary>
public sealed class FederationRunPolicyOptions
{
    /// <summary>Image references this node runs (each must also have a local command, <c>Eucaim:Jobs:Local:Images</c>); empty: none.</summary>
    public List<string> AllowedImages { get; set; } = [];

    /// <summary>Organisations (the hub's requester organisation, an e-mail domain) whose runs this node takes; empty: any.</summary>
    public List<string> AllowedOrganisations { get; set; } = [];

    /// <summary>How long a run may run at this node before it is stopped and reported failed.</summary>
    public TimeSpan MaxRuntime { get; set; } = TimeSpan.FromMinutes(30);
}
