using Eucaim.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace Eucaim.Core.Audit;

/// <summary>
/// Recomputes the whole chain, in order: every sequence number present, every entry's previous hash
/// equal to the stored hash before it, every stored hash equal to the hash of the entry's canonical
/// form. Reads in pages, so the log's size does not matter to memory.
/// </summary>
public sealed class AuditVerifier(EucaimDbContext db)
{
    private const int PageSize = 2000;

    /// <summary>At most this many breaks are listed; the first is always the earliest.</summary>
    public const int MaxBreaksListed = 100;

    public async Task<AuditVerification> VerifyAsync(CancellationToken cancellationToken)
    {
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

                previousHash = entry.Hash;
                expectedSeq = entry.Seq + 1;
            }

            if (page.Count < PageSize)
            {
                break;
            }
        }

        return new AuditVerification(checkedEntries, breaks.Count == 0, breaks.FirstOrDefault(), breaks, previousHash);
    }
}

/// <summary>The outcome of a verification: <see cref="FirstBroken"/> is the earliest entry that fails.</summary>
public sealed record AuditVerification(long Checked, bool Intact, AuditBreak? FirstBroken, IReadOnlyList<AuditBreak> Breaks, string HeadHash);

public sealed record AuditBreak(long Seq, string Reason);
