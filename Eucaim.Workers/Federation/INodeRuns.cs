using Eucaim.Core.Contracts;

namespace Eucaim.Workers.Federation;

/// <summary>What the node's link hands a run request to (<see cref="FederatedRunner"/>); each report goes back through <c>send</c>.</summary>
public interface INodeRuns
{
    Task RunAsync(RunRequest request, Func<string, object, CancellationToken, Task> send, CancellationToken cancellationToken);

    /// <summary>
    /// Carries on with the runs whose state changed at the node since it last reported (a data holder decided, a
    /// process died mid-run); <paramref name="sendFor"/> gives the report channel of a run.
    /// </summary>
    Task ResumeAsync(Func<Guid, Func<string, object, CancellationToken, Task>> sendFor, CancellationToken cancellationToken) => Task.CompletedTask;
}
