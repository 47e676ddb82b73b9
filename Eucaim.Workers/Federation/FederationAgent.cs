using Eucaim.Workers.Platform;

namespace Eucaim.Workers.Federation;

/// <summary>
/// The node's link to the hub, for as long as the process runs: one <see cref="FederationNodeLink"/> round
/// after the other. The hub holds each poll open, so the loop goes on at once after a poll that waited or
/// brought messages; a failed round (hub unreachable, refused poll) backs off, at most
/// <see cref="MaxBackoff"/>, so that a restored link is picked up within seconds.
/// </summary>
public sealed class FederationAgent(FederationNodeLink link, FederationNodeOptions options, TimeProvider time, ILogger<FederationAgent> logger)
    : WorkerLoop(logger, time)
{
    protected override TimeSpan Interval => TimeSpan.FromSeconds(1);

    protected override TimeSpan MaxBackoff => TimeSpan.FromSeconds(15);

    protected override async Task<bool> RunOnceAsync(CancellationToken cancellationToken)
    {
        var started = Time.GetUtcNow();
        var delivered = await link.RunOnceAsync(cancellationToken);
        // A hub that answers polls at once with nothing must not make this a busy loop: then the interval passes first.
        return delivered > 0 || Time.GetUtcNow() - started >= options.PollWait / 2;
    }
}
