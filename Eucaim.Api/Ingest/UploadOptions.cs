namespace Eucaim.Api.Ingest;

/// <summary><c>Eucaim:Uploads</c>: limits of the tus endpoint.</summary>
public sealed class UploadOptions
{
    public const string Section = "Eucaim:Uploads";

    /// <summary>Largest upload accepted (tus <c>Tus-Max-Size</c>); bigger ones get 413 at creation.</summary>
    public long MaxSizeBytes { get; set; } = 100L * 1024 * 1024 * 1024;

    /// <summary>Size of the blocks staged in blob storage; also the memory one block in flight takes.</summary>
    public int BlockSizeBytes { get; set; } = 8 * 1024 * 1024;

    /// <summary>Blocks staged in parallel while the next one is read from the request.</summary>
    public int ParallelBlocks { get; set; } = 4;

    /// <summary>An incomplete upload is removed this long after its last chunk (tus expiration).</summary>
    public int ExpiryMinutes { get; set; } = 24 * 60;

    public TimeSpan Expiry => TimeSpan.FromMinutes(ExpiryMinutes);

    public IEnumerable<string> Validate()
    {
        if (MaxSizeBytes < 1)
        {
            yield return $"{Section}:MaxSizeBytes must be positive.";
        }

        if (BlockSizeBytes is < 64 * 1024 or > 100 * 1024 * 1024)
        {
            yield return $"{Section}:BlockSizeBytes must be between 64 KiB and 100 MiB.";
        }

        if (ParallelBlocks is < 1 or > 16)
        {
            yield return $"{Section}:ParallelBlocks must be between 1 and 16.";
        }

        if (ExpiryMinutes < 1)
        {
            yield return $"{Section}:ExpiryMinutes must be at least 1.";
        }
    }
}
