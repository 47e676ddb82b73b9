namespace Eucaim.Core.Ingest;

/// <summary>
/// When an instance that arrived deflated (an entry of an uploaded archive) goes into its pack as it arrived
/// instead of inflated: fewer bytes to send to blob storage and to keep there, paid for by inflating it on
/// every read. Readers that need a frame or a header inflate from the start, so only instances small enough
/// for that are kept deflated, and only when deflating saved at least a tenth.
/// </summary>
public static class DeflatedInstances
{
    /// <summary>The largest instance kept deflated (a CT or MR slice is about half a megabyte).</summary>
    public const long MaxBytes = 32L * 1024 * 1024;

    public static bool Keep(long size, long deflatedSize) => size <= MaxBytes && deflatedSize > 0 && deflatedSize <= size - size / 10;
}
