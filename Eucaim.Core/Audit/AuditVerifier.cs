using Eucaim.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace Eucaim.Core.Audit;

/// <summary>
/// Recomputes the whole chain, in order: every sequence number present, every entry's previous hash
/// equal to the stored hash before it, every stored hash equal to the hash of the entry's canonical
/// form. Reads in pages, so the log's size does not matter to memory. Then compares the chain with
/// the newest signed checkpoint outside the database (<see cref="AuditCheckpoints"/>): a chain that
/// ends before the checkpoint's seq lost its tail, one whose entry at that seq hashes differently
/// was rewritten (or is an older backup that went on growing).
/// </summary>
public sealed class AuditVerifier(EucaimDbContext db, AuditCheckpoints? checkpoints = null)
{
    private const int PageSize = 2000;

    /// <summary>At most this many breaks are listed; the first is always the earliest.</summary>
    public const int MaxBreaksListed = 100;

    public async Task<AuditVerification> VerifyAsync(CancellationToken cancellationToken)
    {
        var latest = checkpoints is null ? null : await checkpoints.LatestAsync(cancellationToken);
        var checkpoint = latest?.Checkpoint;
        string? hashAtCheckpoint = null;
        var breaks = new List<AuditBreak>();
        long expectedSeq = 1;
        long checkedEntries = 0;
        var previousHash = AuditCanonicalForm.GenesisHash;
        while (true)
        {
            var after = expectedSeq - 1;
            var page = await db.Set<AuditRecord>().AsNoTracking()
                .Where(e => e.Seq > after)
                .OrderBy(e => e.Seq)
                .Take(PageSize)
                .ToListAsync(cancellationToken);
            foreach (var entry in page)
            {
                checkedEntries++;
                var problem = entry.Seq != expectedSeq
                    ? $"entries {expectedSeq}..{entry.Seq - 1} are missing"
                    : entry.PrevHash != previousHash
                        ? "prev_hash does not match the hash of the entry before it"
                        : entry.Hash != AuditCanonicalForm.Hash(entry)
                            ? "hash does not match the entry's content"
                            : null;
                if (problem is not null && breaks.Count < MaxBreaksListed)
                {
                    breaks.Add(new AuditBreak(entry.Seq, problem));
                }

                if (entry.Seq == checkpoint?.Seq)
                {
                    hashAtCheckpoint = entry.Hash;
                }

                previousHash = entry.Hash;
                expectedSeq = entry.Seq + 1;
            }

            if (page.Count < PageSize)
            {
                break;
            }
        }

        var lastSeq = expectedSeq - 1;
        if (latest?.Problem is { } untrusted)
        {
            breaks.Add(new AuditBreak(lastSeq + 1, $"the newest checkpoint ({latest.BlobName}) cannot be trusted: {untrusted}"));
        }
        else if (checkpoint is not null)
        {
            var at = checkpoint.At.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture);
            if (lastSeq < checkpoint.Seq)
            {
                breaks.Add(new AuditBreak(lastSeq + 1, $"entries {lastSeq + 1}..{checkpoint.Seq} are missing: the checkpoint of {at} names seq {checkpoint.Seq}"));
            }
            else if (hashAtCheckpoint is not null && hashAtCheckpoint != checkpoint.Hash)
            {
                breaks.Add(new AuditBreak(checkpoint.Seq, $"the hash differs from the checkpoint of {at}: the chain up to seq {checkpoint.Seq} was rewritten"));
            }
        }

        var listed = breaks.OrderBy(b => b.Seq).Take(MaxBreaksListed).ToList();
        return new AuditVerification(checkedEntries, listed.Count == 0, listed.FirstOrDefault(), listed, previousHash)
        {
            Checkpoint = checkpoint,
        };
    }
}

/// <summary>The outcome of a verification: <see cref="FirstBroken"/> is the earliest entry that fails.</summary>
public sealed record AuditVerification(long Checked, bool Intact, AuditBreak? FirstBroken, IReadOnlyList<AuditBreak> Breaks, string HeadHash)
{
    /// <summary>The newest signed checkpoint the chain was compared with; null when none has been written (or none verifies).</summary>
    public Contracts.AuditCheckpoint? Checkpoint { get; init; }
}

public sealed record AuditBreak(long Seq, string Reason);
