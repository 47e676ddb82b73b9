using System.Collections.Concurrent;
using Eucaim.Core.Contracts;
using Eucaim.Core.Data;
using Eucaim.Core.Federation;
using Npgsql;

namespace Eucaim.Api.Federation;

/// <summary>
/// One LISTEN on the federation channels for the whole API process: a node's long poll waits for
/// <c>federation_queued</c> of its id, a federated search for <c>federation_answered</c> of its query.
/// </summary>
internal sealed class FederationSignal(IServiceScopeFactory scopes, ILogger<FederationSignal> logger) : BackgroundService, IFederationSignal
{
    private static readonly string[] Channels = [NotificationChannels.FederationQueued, NotificationChannels.FederationAnswered];

    private readonly ConcurrentDictionary<(string Channel, string Payload), TaskCompletionSource> _waiters = new();

    public Task Next(string channel, string payload) =>
        _waiters.GetOrAdd((channel, payload), _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).Task;

    public void Forget(string channel, string payload) => _waiters.TryRemove((channel, payload), out _);

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        NotificationListener.ListenAsync(scopes, Channels, Wake, TimeSpan.FromSeconds(5), logger, stoppingToken);

    private void Wake(NpgsqlNotificationEventArgs notification)
    {
        if (_waiters.TryRemove((notification.Channel, notification.Payload), out var waiter))
        {
            waiter.TrySetResult();
        }
    }
}
