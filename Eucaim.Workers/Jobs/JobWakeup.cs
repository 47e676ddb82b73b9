namespace Eucaim.Workers.Jobs;

/// <summary>Wakes the dispatcher before its next poll: PostgreSQL notifications and Kubernetes watch events both signal here.</summary>
public sealed class JobWakeup
{
    private readonly SemaphoreSlim _signal = new(0);

    public void Signal() => _signal.Release();

    /// <summary>Takes one pending signal without waiting.</summary>
    public bool TryTake() => _signal.Wait(0);

    /// <summary>Waits for a signal or the timeout; swallows signals that piled up meanwhile.</summary>
    public async Task WaitAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        await _signal.WaitAsync(timeout, cancellationToken);
        while (_signal.CurrentCount > 0 && await _signal.WaitAsync(TimeSpan.Zero, cancellationToken))
        {
        }
    }
}
