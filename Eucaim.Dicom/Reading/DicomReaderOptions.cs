namespace Eucaim.Dicom;

/// <summary>Limits that keep a hostile file from steering memory use or recursion.</summary>
public sealed record DicomReaderOptions
{
    public static readonly DicomReaderOptions Default = new();

    /// <summary>Largest element value loaded into memory; a larger value is skipped and reported (pixel data is never loaded).</summary>
    public int MaxElementValueSize { get; init; } = 64 * 1024 * 1024;

    /// <summary>Total bytes of element values kept for one dataset, over all elements.</summary>
    public long MaxDatasetValueBytes { get; init; } = 256L * 1024 * 1024;

    /// <summary>Elements kept for one dataset, over all nesting levels.</summary>
    public int MaxElementCount { get; init; } = 1_000_000;

    /// <summary>Deepest sequence nesting accepted; PS3.3 templates rarely go beyond a dozen levels.</summary>
    public int MaxSequenceDepth { get; init; } = 64;
}
