namespace Eucaim.Core.Federation;

/// <summary>
/// Wakes a waiting poll or search when a notification arrives (<see cref="Contracts.NotificationChannels.FederationQueued"/>,
/// <see cref="Contracts.NotificationChannels.FederationAnswered"/>). Only a speed-up: waiters also re-read on a short interval.
/// </summary>
public interface IFederationSignal
{
    /// <summary>A task that completes at the next notification of <paramref name="channel"/> with <paramref name="payload"/>; take it before reading, then wait on it.</summary>
    Task Next(string channel, string payload);

    /// <summary>Drops the waiter of a notification no one waits for any more (a query whose search is over).</summary>
    void Forget(string channel, string payload);
}
