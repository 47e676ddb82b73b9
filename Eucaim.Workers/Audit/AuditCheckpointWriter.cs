using Eucaim.Core.Audit;
using Eucaim.Core.Contracts;
using Eucaim.Core.Data;
using Eucaim.Workers.Platform;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Eucaim.Workers.Audit;

/// <summary>
/// Writes a signed checkpoint of the audit chain's head to blob storage every
/// <see cref="AuditOptions.CheckpointInterval"/> when the head has moved, and once more when the
/// Workers stop. Before blessing a head it checks that the chain still holds the newest checkpoint's
/// entry unchanged: a chain that lost its tail or was rewritten is logged as critical and never
/// checkpointed, so no later checkpoint hides what verification must report. One Workers replica
/// writes at a time (the <see cref="LeaseNames.AuditCheckpointWriter"/> lease); the one at shutdown
/// is written by any replica, harmlessly, since an object per seq is created once.
/// </summary>
internal sealed partial class AuditCheckpointWriter(
    IServiceScopeFactory scopes, AuditCheckpoints checkpoints, IOptions<AuditOptions> options, Leadership leadership, TimeProvider time,
    ILogger<AuditCheckpointWriter> logger)
    : WorkerLoop(logger, time, leadership.For(LeaseNames.AuditCheckpointWriter))
{
    private static readonly TimeSpan ShutdownBudget = TimeSpan.FromSeconds(10);

    private AuditCheckpoint? _newest;

    protected override TimeSpan Interval => options.Value.CheckpointInterval;

    /// <summary>Another replica may have written checkpoints meanwhile: read the newest again.</summary>
    protected override void OnLeaseAcquired() => _newest = null;

    protected override async Task<bool> RunOnceAsync(CancellationToken cancellationToken)
    {
        await CheckpointAsync(cancellationToken);
        return false;
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        using var budget = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        budget.CancelAfter(ShutdownBudget);
        try
        {
            await CheckpointAsync(budget.Token);
        }
        catch (Exception ex)
        {
            LogShutdownCheckpointFailed(Logger, ex, ex.Message);
        }
    }

    private async Task CheckpointAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<EucaimDbContext>();
        var head = await db.AuditEntries.AsNoTracking().OrderByDescending(e => e.Seq)
            .Select(e => new { e.Seq, e.Hash }).FirstOrDefaultAsync(cancellationToken);
        if (head is null)
        {
            return;
        }

        if (_newest is null)
        {
            var latest = await checkpoints.LatestAsync(cancellationToken);
            if (latest.Problem is not null)
            {
                // After a key rotation the newest checkpoint no longer verifies: a longer chain supersedes
                // it, but a chain no longer than the seq it names is never checkpointed.
                if (head.Seq <= (latest.NamedSeq ?? long.MaxValue))
                {
                    LogUntrustedCheckpoint(Logger, latest.BlobName, latest.Problem);
                    return;
                }
            }

            _newest = latest.Checkpoint;
        }

        if (_newest is { } newest)
        {
            if (head.Seq < newest.Seq)
            {
                LogChainShorter(Logger, head.Seq, newest.Seq, newest.At);
                return;
            }

            var then = await db.AuditEntries.AsNoTracking().Where(e => e.Seq == newest.Seq).Select(e => e.Hash).FirstOrDefaultAsync(cancellationToken);
            if (then != newest.Hash)
            {
                LogChainRewritten(Logger, newest.Seq, newest.At);
                return;
            }

            if (head.Seq == newest.Seq)
            {
                return;
            }
        }

        var checkpoint = new AuditCheckpoint(head.Seq, head.Hash, Time.GetUtcNow());
        if (await checkpoints.WriteAsync(checkpoint, cancellationToken))
        {
            LogWritten(Logger, checkpoint.Seq);
        }

        // Written now or by another replica a moment ago: either way the chain had this head.
        _newest = checkpoint;
    }

    [LoggerMessage(EventId = 8211, Level = LogLevel.Debug, Message = "Audit checkpoint written: seq {Seq}")]
    private static partial void LogWritten(ILogger logger, long seq);

    [LoggerMessage(EventId = 8212, Level = LogLevel.Critical, Message = "The audit chain ends at seq {Seq}, but the checkpoint of {At:u} names seq {CheckpointSeq}: entries were deleted or an older backup restored; no checkpoint is written until an operator resolves it")]
    private static partial void LogChainShorter(ILogger logger, long seq, long checkpointSeq, DateTimeOffset at);

    [LoggerMessage(EventId = 8213, Level = LogLevel.Critical, Message = "The audit chain's entry {Seq} no longer hashes as the checkpoint of {At:u} says: the chain was rewritten; no checkpoint is written until an operator resolves it")]
    private static partial void LogChainRewritten(ILogger logger, long seq, DateTimeOffset at);

    [LoggerMessage(EventId = 8214, Level = LogLevel.Critical, Message = "The newest audit checkpoint {Blob} cannot be trusted ({Problem}); no checkpoint is written until the chain grows past it")]
    private static partial void LogUntrustedCheckpoint(ILogger logger, string? blob, string problem);

    [LoggerMessage(EventId = 8215, Level = LogLevel.Error, Message = "Could not write the audit checkpoint at shutdown: {Message}")]
    private static partial void LogShutdownCheckpointFailed(ILogger logger, Exception exception, string message);
}
