using Eucaim.Core.Contracts;
using Eucaim.Core.Federation;
using Eucaim.Workers.Platform;

namespace Eucaim.Workers.Federation;

/// <summary>
/// At the hub: moves every federated training on (<see cref="AdvanceFederatedTrainings"/>): closes a round when its
/// nodes have answered or its time is up, queues its aggregator job, opens the next round from the aggregate. Woken
/// when a node's part of a round changes; also looks every few seconds, for round deadlines and aggregator jobs that
/// ended. One Workers replica at a time (the <see cref="LeaseNames.FederatedTrainingCoordinator"/> lease).
/// </summary>
internal sealed partial class FederatedTrainingCoordinator(
    IServiceScopeFactory scopes, Leadership leadership, TimeProvider time, ILogger<FederatedTrainingCoordinator> logger)
    : WorkerLoop(logger, time, leadership.For(LeaseNames.FederatedTrainingCoordinator))
{
    protected override TimeSpan Interval => TimeSpan.FromSeconds(2);

    protected override async Task<bool> RunOnceAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var changed = await scope.ServiceProvider.GetRequiredService<AdvanceFederatedTrainings>().RunAsync(cancellationToken);
        if (changed > 0)
        {
            LogAdvanced(Logger, changed);
        }

        return false;
    }

    protected override Task ListenAsync(CancellationToken stoppingToken) =>
        ListenToChannelAsync(scopes, NotificationChannels.FederationTraining, stoppingToken);

    [LoggerMessage(EventId = 8602, Level = LogLevel.Information, Message = "Moved {Count} federated training(s) on")]
    private static partial void LogAdvanced(ILogger logger, int count);
}
