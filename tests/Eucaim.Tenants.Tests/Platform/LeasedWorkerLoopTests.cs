using System.Threading.Channels;
using Eucaim.Workers.Platform;
using Microsoft.Extensions.Logging.Abstractions;

namespace Eucaim.Tenants.Tests.Platform;

/// <summary>
/// A <see cref="WorkerLoop"/> with a lease: no iteration while another replica holds it, one at once
/// when it is acquired, the running iteration cancelled when it is lost, and the lease held until
/// the last iteration has ended.
/// </summary>
public sealed class LeasedWorkerLoopTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task The_loop_works_only_while_it_holds_its_lease_and_stops_its_iteration_when_the_lease_is_lost()
    {
        var lease = new GrantedLease();
        var cancelled = new TaskCompletionSource();
        using var loop = new Loop(lease, async (n, ct) =>
        {
            if (n == 1)
            {
                // The first iteration works until the lease is lost.
                await Task.Delay(Timeout.InfiniteTimeSpan, ct).ContinueWith(_ => cancelled.TrySetResult(), TaskScheduler.Default);
                ct.ThrowIfCancellationRequested();
            }

            return false;
        });

        await loop.StartAsync(CancellationToken.None);
        await Task.Delay(TimeSpan.FromMilliseconds(300));
        Assert.Equal(0, loop.Iterations);

        // Acquiring wakes the loop: the interval is an hour, so only that can start the iteration.
        lease.Grant();
        await loop.WaitForIterationAsync(1);
        Assert.Equal(1, loop.Acquisitions);

        lease.Revoke();
        await cancelled.Task.WaitAsync(Patience);
        await Task.Delay(TimeSpan.FromMilliseconds(300));
        Assert.Equal(1, loop.Iterations);

        lease.Grant();
        await loop.WaitForIterationAsync(2);
        Assert.Equal(2, loop.Acquisitions);

        using var patience = new CancellationTokenSource(Patience);
        await loop.StopAsync(patience.Token);
        Assert.True(loop.ExecuteTask!.IsCompletedSuccessfully);
        Assert.True(lease.ReleasedAfter(loop.LastIterationEnded));
    }

    /// <summary>A lease the test hands out and takes back; it records when its holding was stopped.</summary>
    private sealed class GrantedLease() : Lease("test-lease", "test-holder")
    {
        private long _released = long.MaxValue;

        public void Grant() => BeginTenure();

        public void Revoke() => EndTenure();

        public bool ReleasedAfter(long ticks) => Interlocked.Read(ref _released) >= ticks;

        public override async Task HoldAsync(CancellationToken stoppingToken)
        {
            await Task.Delay(Timeout.InfiniteTimeSpan, stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
            Interlocked.Exchange(ref _released, System.Diagnostics.Stopwatch.GetTimestamp());
            EndTenure();
        }
    }

    private sealed class Loop(Lease lease, Func<int, CancellationToken, Task<bool>> script)
        : WorkerLoop(NullLogger.Instance, TimeProvider.System, lease)
    {
        private readonly Channel<int> _started = Channel.CreateUnbounded<int>();
        private int _iterations;
        private int _acquisitions;
        private long _lastEnded;

        public int Iterations => Volatile.Read(ref _iterations);

        public int Acquisitions => Volatile.Read(ref _acquisitions);

        public long LastIterationEnded => Interlocked.Read(ref _lastEnded);

        protected override TimeSpan Interval => TimeSpan.FromHours(1);

        public async Task WaitForIterationAsync(int n)
        {
            using var patience = new CancellationTokenSource(Patience);
            while (await _started.Reader.ReadAsync(patience.Token) < n)
            {
            }
        }

        protected override void OnLeaseAcquired() => Interlocked.Increment(ref _acquisitions);

        protected override async Task<bool> RunOnceAsync(CancellationToken cancellationToken)
        {
            var n = Interlocked.Increment(ref _iterations);
            _started.Writer.TryWrite(n);
            try
            {
                return await script(n, cancellationToken);
            }
            finally
            {
                Interlocked.Exchange(ref _lastEnded, System.Diagnostics.Stopwatch.GetTimestamp());
            }
        }
    }
}
