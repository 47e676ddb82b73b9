using Eucaim.Core.Contracts;

namespace Eucaim.Workers.Federation;

/// <summary>What is the same for every piece of one kind of the hub's work at this node (every run, every training round).</summary>
/// <param name="Noun">The work in the node's words to the hub ("run", "training round").</param>
/// <param name="TargetType">The type of its audit entries' target.</param>
/// <param name="Sandbox">The folder of the node's sandbox its jobs run in, as a tenant's jobs do under its slug.</param>
/// <param name="JobPrefix">The start of its jobs' names.</param>
/// <param name="UpdateKind">The message kind of its state reports.</param>
/// <param name="Actions">Its node audit actions.</param>
public sealed record NodeWorkKind(string Noun, string TargetType, string Sandbox, string JobPrefix, string UpdateKind, NodeWorkActions Actions)
{
    public static NodeWorkKind Run { get; } = new("run", "federation-run", "federated-runs", "federated-run", FederationMessageKinds.RunUpdate, NodeWorkActions.Run);

    public static NodeWorkKind Training { get; } =
        new("training round", "federation-training", "federated-trainings", "federated-training", FederationMessageKinds.TrainUpdate, NodeWorkActions.Training);
}
