using System.ComponentModel.DataAnnotations;

namespace Eucaim.Workers.Ingest;

/// <summary><c>Eucaim:Ingest</c>: the ingest pipeline's pace and the limits that keep hostile archives out.</summary>
public sealed class IngestOptions
{
    public const string Section = "Eucaim:Ingest";

    /// <summary>How often the queue is polled when no notification arrives.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00", ParseLimitsInInvariantCulture = true)]
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>A running job whose worker has not renewed its lease for this long is taken over.</summary>
    [Range(typeof(TimeSpan), "00:00:03", "01:00:00", ParseLimitsInInvariantCulture = true)]
    public TimeSpan Lease { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>Files checked and stored at the same time.</summary>
    public int Parallelism { get; set; } = 4;

    /// <summary>Largest single file; each one is held in memory while it is checked and stored.</summary>
    public long MaxFileBytes { get; set; } = 512L * 1024 * 1024;

    public int MaxZipEntries { get; set; } = 200_000;

    /// <summary>Uncompressed size of all entries of one archive.</summary>
    public long MaxZipUncompressedBytes { get; set; } = 200L * 1024 * 1024 * 1024;

    /// <summary>Uncompressed / compressed size of an entry; DICOM rarely compresses beyond 20:1, zip bombs go to 1000:1 and more.</summary>
    public int MaxZipCompressionRatio { get; set; } = 200;

    /// <summary>How often expired uploads and idle sessions are removed.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00", ParseLimitsInInvariantCulture = true)]
    public TimeSpan ExpirySweepInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// An ingest session still open with no upload created or completed for this long is removed,
    /// with its uploads and their blobs (and none still receiving within its tus expiry).
    /// </summary>
    [Range(typeof(TimeSpan), "01:00:00", "365.00:00:00", ParseLimitsInInvariantCulture = true)]
    public TimeSpan OpenIngestExpiry { get; set; } = TimeSpan.FromDays(7);

    /// <summary>How often the DICOM index is checked for rows indexed before its current revision (see DicomIndexBackfill).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00", ParseLimitsInInvariantCulture = true)]
    public TimeSpan IndexBackfillInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Where uploaded archives are downloaded to be read; empty = the system temp folder.</summary>
    public string WorkDirectory { get; set; } = "";

    public string ResolvedWorkDirectory => WorkDirectory.Length > 0 ? WorkDirectory : Path.Combine(Path.GetTempPath(), "eucaim-ingest");

    /// <summary>Errors of the limits; the intervals are checked by their <see cref="RangeAttribute"/>s.</summary>
    public IEnumerable<string> Validate()
    {
        if (Parallelism is < 1 or > 64)
        {
            yield return "Parallelism must be between 1 and 64.";
        }

        if (MaxFileBytes < 1024 || MaxZipEntries < 1 || MaxZipUncompressedBytes < 1 || MaxZipCompressionRatio < 2)
        {
            yield return "MaxFileBytes, MaxZipEntries, MaxZipUncompressedBytes and MaxZipCompressionRatio must be positive (ratio at least 2).";
        }
    }
}
