using Eucaim.Core.Contracts;

namespace Eucaim.Core.Federation;

/// <summary>A link message whose sender, signature, audience, freshness and id were accepted.</summary>
public sealed record LinkReceipt(FederatedNode Node, FederationMessage Message);
