using Eucaim.Core.Audit;

namespace Eucaim.Workers.Federation;

/// <summary>The node's audit actions for one kind of the hub's work, so its chain tells a run from a training round.</summary>
public sealed record NodeWorkActions(string Received, string Refused, string Started, string Finished, string Sent)
{
    public static NodeWorkActions Run { get; } = new(
        AuditActions.FederationRunReceived, AuditActions.FederationRunRefusedAtNode, AuditActions.FederationRunStarted,
        AuditActions.FederationRunFinished, AuditActions.FederationResultSent);

    public static NodeWorkActions Training { get; } = new(
        AuditActions.FederationTrainingReceived, AuditActions.FederationTrainingRefusedAtNode, AuditActions.FederationTrainingStarted,
        AuditActions.FederationTrainingFinished, AuditActions.FederationWeightsSent);
}
