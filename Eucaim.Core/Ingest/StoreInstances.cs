using Eucaim.Core.Catalogue;
using Eucaim.Core.Data;
using Eucaim.Core.Identity;
using Eucaim.Core.Platform;
using Microsoft.EntityFrameworkCore;

namespace Eucaim.Core.Ingest;

/// <summary>One part of a STOW-RS body: its Content-Type, and its bytes with their SHA-256, read only when they are wanted.</summary>
public sealed record StowPart(string? ContentType, Func<CancellationToken, Task<HashedContent>> ReadAsync);

/// <summary>A STOW-RS body as the Api streams it.</summary>
public interface IStowSource
{
    /// <summary>Whether the body is multipart/related of application/dicom parts with a boundary.</summary>
    bool IsMultipartDicom { get; }

    long? DeclaredLength { get; }

    /// <summary>Refuses, while reading, any byte past <paramref name="maxBytes"/>.</summary>
    void LimitTo(long maxBytes);

    IAsyncEnumerable<StowPart> ReadPartsAsync(CancellationToken cancellationToken);
}

/// <summary>
/// STOW-RS: each application/dicom part stored into the dataset's draft through the same checks as
/// an uploaded file (<see cref="InstanceStore"/>), parts gathered into batches of
/// <see cref="IngestBatch"/> size so that a request of many instances pays the database and blob
/// round trips per batch; one audit entry per request with what was stored and refused.
/// </summary>
public sealed class StoreInstances(UnitOfWork uow, InstanceStore store)
{
    public async Task<Outcome<StowResult>> RunAsync(
        Actor actor, Guid datasetId, string? study, IStowSource source, long maxStowBytes, CancellationToken cancellationToken)
    {
        var target = await DraftForStowAsync(actor, datasetId, cancellationToken);
        if (!target.Succeeded)
        {
            return target.Problem;
        }

        if (!source.IsMultipartDicom)
        {
            return StowRules.NotMultipartDicom;
        }

        if (source.DeclaredLength > maxStowBytes)
        {
            return StowRules.TooLarge(maxStowBytes);
        }

        source.LimitTo(maxStowBytes);
        var version = target.Value.Number;
        var policy = await uow.Db.DatasetIngestPolicies.AsNoTracking().SingleOrDefaultAsync(p => p.DatasetId == datasetId, cancellationToken);
        var stored = new List<StowStored>();
        var failed = new List<StowFailed>();
        // Parts gathered into a batch (a part that is not DICOM holds its place, so the lists keep the body's order).
        var batch = new List<(int Part, HashedContent? Content, StowFailed? NotDicom)>();
        long batchBytes = 0;
        var part = 0;
        // The batch before is stored while this one is read (at most one in flight, so at most two batches in memory):
        // the request's bytes keep arriving while the pack is written and indexed.
        var storing = Task.CompletedTask;
        Problem? malformed = null;
        try
        {
            await ReadPartsAsync();
        }
        catch (MalformedStowBodyException ex)
        {
            await StoreRestAsync();
            malformed = StowRules.Malformed(ex.Message, stored.Count);
        }
        catch (OperationCanceledException)
        {
            // Gone with the request's scope: the batch being stored must not outlive it.
            await Task.WhenAny(storing);
            throw;
        }
        catch (Exception)
        {
            // The parts read before the fault (a body over the limit, …) are stored, as they would have been one by one.
            await StoreRestAsync();
            throw;
        }

        var entry = IngestAudit.StowReceived(actor.Subject, datasetId, version, stored.Count, failed.Count, actor.ClientAddress);
        await uow.SaveWithAuditAsync([entry], cancellationToken);
        return malformed is null ? new StowResult(stored, failed) : malformed;

        async Task ReadPartsAsync()
        {
            await foreach (var section in source.ReadPartsAsync(cancellationToken))
            {
                part++;
                if (!StowRules.IsDicomPart(section.ContentType))
                {
                    batch.Add((part, null, StowRules.NotDicom(part, section.ContentType)));
                    continue;
                }

                var content = await section.ReadAsync(cancellationToken);
                batch.Add((part, content, null));
                batchBytes += content.Bytes.Count;
                if (IngestBatch.IsFull(batch.Count, batchBytes))
                {
                    await storing;
                    storing = FlushAsync(TakeBatch());
                }
            }

            await StoreRestAsync();
        }

        // The batch in flight ends first, so the results keep the body's order.
        async Task StoreRestAsync()
        {
            await storing;
            await FlushAsync(TakeBatch());
        }

        List<(int Part, HashedContent? Content, StowFailed? NotDicom)> TakeBatch()
        {
            var parts = batch.ToList();
            batch.Clear();
            batchBytes = 0;
            return parts;
        }

        async Task FlushAsync(List<(int Part, HashedContent? Content, StowFailed? NotDicom)> parts)
        {
            var instances = parts.Where(b => b.Content is not null).ToList();
            IReadOnlyList<StoreOutcome> outcomes;
            try
            {
                outcomes = instances.Count == 0 ? [] : await store.StoreBatchAsync(datasetId, version, policy,
                    instances.Select(b => new OfferedInstance(b.Content!.Bytes, $"part {b.Part}", Sha256: b.Content.Sha256)).ToList(), cancellationToken);
            }
            finally
            {
                // Stored or not, the bytes are not read again: their buffers serve the parts still to come.
                instances.ForEach(b => b.Content!.Dispose());
            }

            var next = 0;
            foreach (var (p, content, notDicom) in parts)
            {
                if (content is null)
                {
                    failed.Add(notDicom!);
                    continue;
                }

                var (ok, refused) = StowRules.Report(outcomes[next++], p, study);
                if (ok is not null)
                {
                    stored.Add(ok);
                }

                if (refused is not null)
                {
                    failed.Add(refused);
                }
            }
        }
    }

    /// <summary>STOW-RS stores into the draft version: 404 (not visible), 403 (not owner), 409 (no draft, or invalidated).</summary>
    private async Task<Outcome<DatasetVersion>> DraftForStowAsync(Actor actor, Guid datasetId, CancellationToken cancellationToken)
    {
        var owned = await IngestAccess.OwnedDatasetAsync(uow.Db, actor.Identity, datasetId, cancellationToken);
        if (!owned.Succeeded)
        {
            return owned.Problem;
        }

        return owned.Value.Draft is { } draft && owned.Value.Dataset.State != DatasetState.Invalidated
            ? draft
            : CatalogueProblems.Conflict("The dataset has no draft.",
                "STOW-RS stores into the draft version; published versions never change. Start one with PUT /api/datasets/{id}/draft.");
    }
}
