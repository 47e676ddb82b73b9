using System.Globalization;

namespace Eucaim.Ingest.Benchmarks;

/// <summary>Samples a process's resident set (working set) from /proc while a measurement runs.</summary>
internal sealed class ProcessMemory : IAsyncDisposable
{
    private readonly int _pid;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _sampling;
    private readonly List<long> _samples = [];

    public ProcessMemory(int pid)
    {
        _pid = pid;
        Baseline = ResidentBytes(pid);
        _sampling = Task.Run(SampleAsync);
    }

    public long Baseline { get; }

    public long Peak { get; private set; }

    public IReadOnlyList<long> Samples => _samples;

    public static long ResidentBytes(int pid)
    {
        foreach (var line in File.ReadLines($"/proc/{pid}/status"))
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
            {
                return long.Parse(line[6..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) * 1024;
            }
        }

        return 0;
    }

    private async Task SampleAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            var rss = ResidentBytes(_pid);
            lock (_samples)
            {
                _samples.Add(rss);
            }

            Peak = Math.Max(Peak, rss);
            await Task.Delay(100).ConfigureAwait(false);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _sampling;
        _stop.Dispose();
    }
}
