using Eucaim.Core.Contracts;

namespace Eucaim.Workers.Federation;

/// <summary>What the node's link hands a run request to (<see cref="FederatedRunner"/>); each report goes back through <c>send</c>.</summary>
public interface INodeRuns
{
    Task RunAsync(RunRequest request, Func<string, object, CancellationToken, Task> send, CancellationToken cancellationToken);
}
