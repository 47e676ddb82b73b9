namespace Eucaim.Workers.Jobs.Kubernetes;

/// <summary>
/// The pause before a watcher's next attempt after one that failed: doubling from
/// <see cref="Initial"/> to <see cref="Max"/>, each wait a random point in its upper half so that
/// many Workers that lost the API server together do not come back in step.
/// </summary>
public sealed class WatchBackoff(TimeProvider time)
{
    public static readonly TimeSpan Initial = TimeSpan.FromSeconds(1);

    public static readonly TimeSpan Max = TimeSpan.FromSeconds(30);

    private TimeSpan _next = Initial;

    public void Reset() => _next = Initial;

    public async Task WaitAsync(CancellationToken cancellationToken)
    {
        var delay = _next / 2 + _next / 2 * Random.Shared.NextDouble();
        _next = _next * 2 > Max ? Max : _next * 2;
        await Task.Delay(delay, time, cancellationToken).ContinueWith(_ => { }, TaskScheduler.Default);
    }
}
