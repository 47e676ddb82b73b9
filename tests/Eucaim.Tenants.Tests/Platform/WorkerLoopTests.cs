using System.Threading.Channels;
using Eucaim.Workers.Platform;
using Microsoft.Extensions.Logging;

namespace Eucaim.Tenants.Tests.Platform;

/// <summary>
/// The base of every Workers loop, driven by a scripted iteration and a clock whose timers the test
/// controls: no wall-clock waits, every delay the loop asks for is recorded.
/// </summary>
public sealed class WorkerLoopTests
{
    private static readonly TimeSpan Second = TimeSpan.FromSeconds(1);

    // Guards against a hang only; no assertion depends on how long anything takes.
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Theory]
    [InlineData(0, 1)]
    [InlineData(1, 1)]
    [InlineData(2, 2)]
    [InlineData(3, 4)]
    [InlineData(4, 8)]
    [InlineData(5, 16)]
    [InlineData(6, 30)]
    [InlineData(1000, 30)]
    public void The_back_off_doubles_with_each_failure_in_a_row_up_to_the_cap(int failuresInARow, int expectedSeconds)
    {
        Assert.Equal(TimeSpan.FromSeconds(expectedSeconds), WorkerLoop.Backoff(Second, failuresInARow, TimeSpan.FromSeconds(30)));
    }

    [Fact]
    public void The_back_off_never_waits_less_than_the_interval()
    {
        Assert.Equal(TimeSpan.FromMinutes(10), WorkerLoop.Backoff(TimeSpan.FromMinutes(10), 3, TimeSpan.FromMinutes(5)));
    }

    [Fact]
    public async Task A_failed_iteration_is_logged_the_loop_goes_on_and_failures_in_a_row_back_off_until_a_success_resets_it()
    {
        var time = new ScriptedTime(fireAtOnce: true);
        var logger = new CapturingLogger();
        var failure = new InvalidOperationException("database unreachable");
        using var loop = new ScriptedLoop(time, logger, maxBackoff: TimeSpan.FromSeconds(8), (n, ct) => n switch
        {
            <= 5 or 7 => throw failure,
            6 => Task.FromResult(false),
            _ => Task.Delay(Timeout.InfiniteTimeSpan, ct).ContinueWith(_ => false, TaskScheduler.Default),
        });

        await loop.StartAsync(CancellationToken.None);
        await loop.WaitForIterationAsync(8);
        await loop.StopAsync(CancellationToken.None);

        // Five failures back off 1, 2, 4, 8, 8 s; the success waits the interval; the next failure starts over at 1 s.
        Assert.Equal([1, 2, 4, 8, 8, 1, 1], time.Delays.Select(d => d.TotalSeconds));
        var errors = logger.Entries.Where(e => e.Level == LogLevel.Error).ToList();
        Assert.Equal(6, errors.Count);
        Assert.All(errors, e => Assert.Same(failure, e.Exception));
        Assert.All(errors, e => Assert.Contains(nameof(ScriptedLoop), e.Message, StringComparison.Ordinal));
        Assert.True(loop.ExecuteTask!.IsCompletedSuccessfully);
    }

    [Fact]
    public async Task A_wake_up_runs_an_iteration_before_the_interval_has_passed()
    {
        var time = new ScriptedTime(fireAtOnce: false);
        using var loop = new ScriptedLoop(time, new CapturingLogger(), maxBackoff: TimeSpan.FromMinutes(5), (_, _) => Task.FromResult(false));

        await loop.StartAsync(CancellationToken.None);
        await loop.WaitForIterationAsync(1);
        await time.WaitForDelaysAsync(1);
        loop.Poke();
        await loop.WaitForIterationAsync(2);
        await loop.StopAsync(CancellationToken.None);

        // The interval's timer never fired: only the wake-up can have started the second iteration.
        Assert.Equal(0, time.Fired);
    }

    [Fact]
    public async Task An_iteration_that_leaves_work_waiting_is_followed_at_once_by_the_next()
    {
        var time = new ScriptedTime(fireAtOnce: false);
        using var loop = new ScriptedLoop(time, new CapturingLogger(), maxBackoff: TimeSpan.FromMinutes(5), (n, _) => Task.FromResult(n < 3));

        await loop.StartAsync(CancellationToken.None);
        await loop.WaitForIterationAsync(3);
        await time.WaitForDelaysAsync(1);
        await loop.StopAsync(CancellationToken.None);

        Assert.Equal([Second], time.Delays);
        Assert.Equal(3, loop.Iterations);
    }

    [Fact]
    public async Task Stopping_ends_the_loop_while_it_waits_and_while_an_iteration_runs()
    {
        var waiting = new ScriptedLoop(new ScriptedTime(fireAtOnce: false), new CapturingLogger(), TimeSpan.FromMinutes(5), (_, _) => Task.FromResult(false));
        var working = new ScriptedLoop(new ScriptedTime(fireAtOnce: false), new CapturingLogger(), TimeSpan.FromMinutes(5),
            (_, ct) => Task.Delay(Timeout.InfiniteTimeSpan, ct).ContinueWith(_ => false, TaskScheduler.Default));
        foreach (var loop in new[] { waiting, working })
        {
            using (loop)
            {
                await loop.StartAsync(CancellationToken.None);
                await loop.WaitForIterationAsync(1);
                using var patience = new CancellationTokenSource(Patience);
                await loop.StopAsync(patience.Token);

                Assert.True(loop.ExecuteTask!.IsCompletedSuccessfully);
                Assert.Equal(1, loop.Iterations);
            }
        }
    }

    /// <summary>A loop with a 1 s interval whose n-th iteration (from 1) is the script's answer for n.</summary>
    private sealed class ScriptedLoop(ScriptedTime time, ILogger logger, TimeSpan maxBackoff, Func<int, CancellationToken, Task<bool>> script)
        : WorkerLoop(logger, time)
    {
        private readonly Channel<int> _started = Channel.CreateUnbounded<int>();
        private int _iterations;

        public int Iterations => Volatile.Read(ref _iterations);

        protected override TimeSpan Interval => Second;

        protected override TimeSpan MaxBackoff => maxBackoff;

        public void Poke() => Wake();

        public async Task WaitForIterationAsync(int n)
        {
            using var patience = new CancellationTokenSource(Patience);
            while (await _started.Reader.ReadAsync(patience.Token) < n)
            {
            }
        }

        protected override Task<bool> RunOnceAsync(CancellationToken cancellationToken)
        {
            var n = Interlocked.Increment(ref _iterations);
            _started.Writer.TryWrite(n);
            return script(n, cancellationToken);
        }
    }

    /// <summary>Records every timer the loop creates; fires each at once, or never (only a wake-up or a stop ends the wait).</summary>
    private sealed class ScriptedTime(bool fireAtOnce) : TimeProvider
    {
        private readonly Lock _gate = new();
        private readonly List<TimeSpan> _delays = [];
        private readonly SemaphoreSlim _created = new(0);
        private int _fired;

        public IReadOnlyList<TimeSpan> Delays
        {
            get
            {
                lock (_gate)
                {
                    return [.. _delays];
                }
            }
        }

        public int Fired => Volatile.Read(ref _fired);

        public async Task WaitForDelaysAsync(int count)
        {
            using var patience = new CancellationTokenSource(Patience);
            while (Delays.Count < count)
            {
                await _created.WaitAsync(patience.Token);
            }
        }

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
        {
            lock (_gate)
            {
                _delays.Add(dueTime);
            }

            _created.Release();
            var timer = new ScriptedTimer(() =>
            {
                Interlocked.Increment(ref _fired);
                callback(state);
            });
            if (fireAtOnce)
            {
                // Not inline: the caller has not finished setting up what the callback completes.
                ThreadPool.QueueUserWorkItem(_ => timer.Fire());
            }

            return timer;
        }
    }

    private sealed class ScriptedTimer(Action callback) : ITimer
    {
        private int _done;

        public void Fire()
        {
            if (Interlocked.Exchange(ref _done, 1) == 0)
            {
                callback();
            }
        }

        public bool Change(TimeSpan dueTime, TimeSpan period) => false;

        public void Dispose() => Interlocked.Exchange(ref _done, 1);

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }

    private sealed class CapturingLogger : ILogger
    {
        private readonly Lock _gate = new();
        private readonly List<(LogLevel Level, Exception? Exception, string Message)> _entries = [];

        public IReadOnlyList<(LogLevel Level, Exception? Exception, string Message)> Entries
        {
            get
            {
                lock (_gate)
                {
                    return [.. _entries];
                }
            }
        }

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            lock (_gate)
            {
                _entries.Add((logLevel, exception, formatter(state, exception)));
            }
        }
    }
}
