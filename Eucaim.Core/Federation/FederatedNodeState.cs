namespace Eucaim.Core.Federation;

public enum FederatedNodeState
{
    /// <summary>Gets queries; its messages are accepted.</summary>
    Active,

    /// <summary>Gets no queries; its messages are refused with 403.</summary>
    Revoked,
}
