using System.ComponentModel.DataAnnotations;

namespace Eucaim.Workers.Storage;

/// <summary><c>Eucaim:BlobSweep</c>: how the blobs of deleted datasets, abandoned ingests and spent uploads are removed.</summary>
public sealed class BlobSweepOptions
{
    public const string Section = "Eucaim:BlobSweep";

    /// <summary>How often tombstones are looked at when no <c>NOTIFY blob_sweep_recorded</c> arrives.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00", ParseLimitsInInvariantCulture = true)]
    public TimeSpan Interval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// A tombstone is forgotten only after a pass that began this long after the deletion finds
    /// nothing: longer than any write that could have been in flight at the deletion (a tus chunk
    /// being staged, an instance being stored).
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "1.00:00:00", ParseLimitsInInvariantCulture = true)]
    public TimeSpan Settle { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Blob deletions in flight at once.</summary>
    [Range(1, 64)]
    public int Parallelism { get; set; } = 8;
}
