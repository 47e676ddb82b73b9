using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Blobs.Specialized;
using Eucaim.Core.Contracts;
using Eucaim.Core.Data;
using Eucaim.Core.Storage;
using Eucaim.Workers.Platform;
using Microsoft.EntityFrameworkCore;

namespace Eucaim.Workers.Storage;

/// <summary>
/// Deletes the blobs of every tombstone (<see cref="BlobSweep"/>) that is due: all blobs under its
/// prefix, committed ones and those with only staged blocks, and only then (a pass that finds
/// nothing, once <see cref="BlobSweepOptions.Settle"/> has passed) the tombstone itself. Every
/// step is idempotent, so a pass cut short (the Workers killed, storage down) is finished by the
/// next one. One Workers replica sweeps at a time (the <see cref="LeaseNames.BlobSweeper"/> lease).
/// </summary>
internal sealed partial class BlobSweeper(
    IServiceScopeFactory scopes, BlobServiceClient blobs, BlobSweepOptions options, Leadership leadership, TimeProvider clock, ILogger<BlobSweeper> logger)
    : WorkerLoop(logger, clock, leadership.For(LeaseNames.BlobSweeper))
{
    private const int BatchSize = 20;

    protected override TimeSpan Interval => options.Interval;

    protected override Task ListenAsync(CancellationToken stoppingToken) =>
        ListenToChannelAsync(scopes, NotificationChannels.BlobSweepRecorded, stoppingToken);

    /// <summary>Sweeps up to <see cref="BatchSize"/> due tombstones, oldest due first.</summary>
    /// <returns>True when more are due now.</returns>
    protected override async Task<bool> RunOnceAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<EucaimDbContext>();
        var now = Time.GetUtcNow();
        var due = await db.BlobSweeps.Where(s => s.DueAt <= now).OrderBy(s => s.DueAt).Take(BatchSize).ToListAsync(cancellationToken);
        foreach (var sweep in due)
        {
            var started = Time.GetUtcNow();
            var deleted = await DeleteUnderAsync(sweep.Container, sweep.Prefix, cancellationToken);
            if (BlobSweepRules.MayForget(sweep, deleted, started, options.Settle))
            {
                // The row goes only now that storage holds nothing under the prefix.
                await db.BlobSweeps.Where(s => s.Id == sweep.Id).ExecuteDeleteAsync(cancellationToken);
                LogForgotten(Logger, sweep.Container, sweep.Prefix, sweep.Passes + 1, sweep.BlobsDeleted, sweep.Reason);
                continue;
            }

            var finished = Time.GetUtcNow();
            var next = BlobSweepRules.NextDue(sweep, finished, options.Settle);
            await db.BlobSweeps.Where(s => s.Id == sweep.Id).ExecuteUpdateAsync(u => u
                .SetProperty(s => s.Passes, s => s.Passes + 1)
                .SetProperty(s => s.BlobsDeleted, s => s.BlobsDeleted + deleted)
                .SetProperty(s => s.LastPassAt, finished)
                .SetProperty(s => s.DueAt, next), cancellationToken);
            if (deleted > 0)
            {
                LogSwept(Logger, deleted, sweep.Container, sweep.Prefix, sweep.Reason);
            }
        }

        var later = Time.GetUtcNow();
        return due.Count == BatchSize || await db.BlobSweeps.AnyAsync(s => s.DueAt <= later, cancellationToken);
    }

    /// <summary>Deletes every blob under <paramref name="prefix"/>, page by page; returns how many there were.</summary>
    private async Task<int> DeleteUnderAsync(string containerName, string prefix, CancellationToken cancellationToken)
    {
        var container = blobs.GetBlobContainerClient(containerName);
        var found = 0;
        // Uncommitted blobs too: a tus upload still receiving has only staged blocks, which hold uploaded bytes.
        var listing = container.GetBlobsAsync(new GetBlobsOptions { Prefix = prefix, States = BlobStates.Uncommitted }, cancellationToken);
        await foreach (var page in listing.AsPages(pageSizeHint: 1000).WithCancellation(cancellationToken))
        {
            found += page.Values.Count;
            await Parallel.ForEachAsync(page.Values, new ParallelOptions { MaxDegreeOfParallelism = options.Parallelism, CancellationToken = cancellationToken },
                async (item, ct) => await DeleteAsync(container.GetBlockBlobClient(item.Name), ct));
        }

        return found;
    }

    /// <summary>
    /// A blob with only staged blocks cannot be deleted (404): committing an empty block list drops
    /// the blocks and leaves an empty blob, which is then deleted.
    /// </summary>
    private static async Task DeleteAsync(BlockBlobClient blob, CancellationToken cancellationToken)
    {
        if ((await blob.DeleteIfExistsAsync(DeleteSnapshotsOption.IncludeSnapshots, cancellationToken: cancellationToken)).Value)
        {
            return;
        }

        try
        {
            await blob.CommitBlockListAsync([], cancellationToken: cancellationToken);
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            // The container itself is gone: nothing left to delete.
            return;
        }

        await blob.DeleteIfExistsAsync(DeleteSnapshotsOption.IncludeSnapshots, cancellationToken: cancellationToken);
    }

    [LoggerMessage(EventId = 8201, Level = LogLevel.Information, Message = "Deleted {Count} blob(s) under {Container}/{Prefix} ({Reason})")]
    private static partial void LogSwept(ILogger logger, int count, string container, string prefix, string reason);

    [LoggerMessage(EventId = 8202, Level = LogLevel.Information, Message = "Nothing left under {Container}/{Prefix} after {Passes} pass(es), {Deleted} blob(s) deleted ({Reason}): tombstone forgotten")]
    private static partial void LogForgotten(ILogger logger, string container, string prefix, int passes, long deleted, string reason);
}
