using System.Diagnostics;

namespace Eucaim.Cli.Upload;

/// <summary>
/// <c>--limit-rate</c>: keeps the bytes sent by all parts together under a rate, so an upload from a
/// hospital does not take the whole of its link. Reads wait when they are ahead of the allowance.
/// </summary>
internal sealed class RateLimit(double bytesPerSecond)
{
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private long _sent;

    public static RateLimit? Of(double? mebibytesPerSecond) => mebibytesPerSecond is > 0 and var rate ? new RateLimit(rate * 1024 * 1024) : null;

    public async ValueTask TakeAsync(int bytes, CancellationToken cancellationToken)
    {
        var sent = Interlocked.Add(ref _sent, bytes);
        var due = TimeSpan.FromSeconds(sent / bytesPerSecond) - _clock.Elapsed;
        if (due > TimeSpan.Zero)
        {
            await Task.Delay(due, cancellationToken);
        }
    }
}
