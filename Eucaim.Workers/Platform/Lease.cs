namespace Eucaim.Workers.Platform;

/// <summary>
/// A named lease that at most one Workers replica holds at a time, for work that must run in one
/// place per cycle (the job dispatcher, the tenant provisioner, the sweepers). <see cref="HoldAsync"/>
/// runs for the owner's lifetime: it acquires the lease when it is free, keeps it, and gives it up
/// (cancelling <see cref="Tenure"/>) the moment it can no longer prove it holds it, so the owner stops
/// before another replica can take over. A replica that dies loses it: its database session ends
/// (<see cref="PostgresLease"/>) or it stops renewing (<see cref="KubernetesLease"/>).
/// </summary>
public abstract class Lease
{
    private static readonly CancellationToken NotHeld = new(canceled: true);
    private readonly Lock _sync = new();
    private CancellationTokenSource? _tenure;

    protected Lease(string name, string holder)
    {
        Name = name;
        Holder = holder;
    }

    /// <summary>The lease's name, the same in every replica (<see cref="LeaseNames"/>).</summary>
    public string Name { get; }

    /// <summary>Who this replica is when it holds a lease: the pod name on a cluster, host and process id locally.</summary>
    public string Holder { get; }

    public bool IsHeld => !Tenure.IsCancellationRequested;

    /// <summary>
    /// Cancelled when this replica stops holding the lease; already cancelled while it does not.
    /// Work done for the lease runs under it, so it stops when the lease is lost.
    /// </summary>
    public CancellationToken Tenure
    {
        get
        {
            lock (_sync)
            {
                return _tenure?.Token ?? NotHeld;
            }
        }
    }

    /// <summary>Raised when this replica has just acquired the lease (a new tenure begins).</summary>
    public event Action? Acquired;

    /// <summary>Acquires, keeps and finally releases the lease until <paramref name="stoppingToken"/> ends.</summary>
    public abstract Task HoldAsync(CancellationToken stoppingToken);

    /// <summary>Starts a tenure, unless one is running.</summary>
    protected void BeginTenure()
    {
        lock (_sync)
        {
            if (_tenure is not null)
            {
                return;
            }

            _tenure = new CancellationTokenSource();
        }

        Acquired?.Invoke();
    }

    /// <summary>Ends the tenure, if any: the owner's work for the lease is cancelled.</summary>
    protected void EndTenure()
    {
        CancellationTokenSource? ended;
        lock (_sync)
        {
            (ended, _tenure) = (_tenure, null);
        }

        // Not disposed: the owner may still be linking to its token; a cancelled source holds nothing.
        ended?.Cancel();
    }
}
