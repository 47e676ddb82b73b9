using Eucaim.Core.Ingest;
using Eucaim.Workers.Platform;

namespace Eucaim.Workers.Ingest;

/// <summary>
/// Fills the index columns added after a row was indexed (<see cref="BackfillDicomIndex"/>), so that
/// QIDO-RS matches old studies and series on every key. Once the index is current each pass is one
/// indexed query that finds nothing. One Workers replica at a time (the
/// <see cref="LeaseNames.DicomIndexBackfill"/> lease).
/// </summary>
internal sealed class DicomIndexBackfill(
    IServiceScopeFactory scopes, IngestOptions options, Leadership leadership, TimeProvider clock, ILogger<DicomIndexBackfill> logger)
    : WorkerLoop(logger, clock, leadership.For(LeaseNames.DicomIndexBackfill))
{
    protected override TimeSpan Interval => options.IndexBackfillInterval;

    protected override async Task<bool> RunOnceAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var backfilled = await scope.ServiceProvider.GetRequiredService<BackfillDicomIndex>().RunAsync(cancellationToken);
        if (backfilled > 0)
        {
            Logger.LogInformation("Brought {Count} series of the DICOM index up to revision {Revision}.", backfilled, DicomIndexRevision.Current);
        }

        return backfilled == BackfillDicomIndex.BatchSize;
    }
}
