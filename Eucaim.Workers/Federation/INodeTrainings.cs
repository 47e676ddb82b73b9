using Eucaim.Core.Contracts;

namespace Eucaim.Workers.Federation;

/// <summary>What the node's link hands a training round to (<see cref="FederatedTrainer"/>); each report goes back through <c>send</c>.</summary>
public interface INodeTrainings
{
    Task TrainAsync(TrainRequest request, Func<string, object, CancellationToken, Task> send, CancellationToken cancellationToken);
}
