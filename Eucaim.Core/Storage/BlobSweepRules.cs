namespace Eucaim.Core.Storage;

/// <summary>When a tombstone's blobs count as gone, decided without a database or storage.</summary>
public static class BlobSweepRules
{
    /// <summary>
    /// A tombstone is forgotten only after a pass that found nothing under its prefix and that
    /// began at least <paramref name="settle"/> after the deletion was recorded. The settle time
    /// covers a write that was already in flight when the rows went (an ingest storing an instance,
    /// a tus PATCH staging a block): it lands after the first pass, and the confirming pass takes it.
    /// </summary>
    public static bool MayForget(BlobSweep sweep, int found, DateTimeOffset passStartedAt, TimeSpan settle) =>
        found == 0 && passStartedAt >= sweep.RecordedAt + settle;

    /// <summary>The next pass of a tombstone that stays: once the settle time has passed (at once if it has).</summary>
    public static DateTimeOffset NextDue(BlobSweep sweep, DateTimeOffset now, TimeSpan settle)
    {
        var settled = sweep.RecordedAt + settle;
        return settled > now ? settled : now;
    }
}
