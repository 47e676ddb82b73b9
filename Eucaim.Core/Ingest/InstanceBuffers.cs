using System.Collections.Concurrent;

namespace Eucaim.Core.Ingest;

/// <summary>
/// Buffers for instances read off a request, handed back once their batch is stored and kept for the
/// next ones. A fresh array for every instance cost the Api a page fault on each page it wrote: the
/// garbage collector gives the memory of large arrays back to the system between batches and takes it
/// again (a fifth of the Api's CPU during STOW-RS; docs/benchmarks.md#ingest). Sizes go by steps of
/// 64 KiB, so that the slices of a series, mostly of one size, take each other's buffers without
/// wasting half of one. Bounded by bytes, so memory stays flat; arrays above 16 MiB are rare and never kept.
/// </summary>
internal static class InstanceBuffers
{
    /// <summary>Enough for eight STOW-RS requests at once, each with a batch being stored and the next being read.</summary>
    private const long MaxRetainedBytes = 16 * IngestBatch.MaxBytes;

    private const int Step = 64 * 1024;

    private const int LargestPooled = (int)IngestBatch.MaxBytes;

    private static readonly ConcurrentStack<byte[]>[] Sizes =
        [.. Enumerable.Range(0, LargestPooled / Step + 1).Select(_ => new ConcurrentStack<byte[]>())];

    private static long _retainedBytes;

    /// <summary>An array of at least <paramref name="minimumLength"/> bytes, not cleared: whoever rents it reads into it before reading from it.</summary>
    public static byte[] Rent(int minimumLength)
    {
        if (minimumLength > LargestPooled)
        {
            return GC.AllocateUninitializedArray<byte>(minimumLength);
        }

        var steps = Math.Max(1, (minimumLength + Step - 1) / Step);
        if (Sizes[steps].TryPop(out var kept))
        {
            Interlocked.Add(ref _retainedBytes, -kept.Length);
            return kept;
        }

        return GC.AllocateUninitializedArray<byte>(steps * Step);
    }

    /// <summary>Keeps <paramref name="buffer"/> for a later <see cref="Rent"/>, unless it was not one of ours or enough are kept.</summary>
    public static void Return(byte[] buffer)
    {
        if (buffer.Length > LargestPooled || buffer.Length == 0 || buffer.Length % Step != 0)
        {
            return;
        }

        if (Interlocked.Add(ref _retainedBytes, buffer.Length) > MaxRetainedBytes)
        {
            Interlocked.Add(ref _retainedBytes, -buffer.Length);
            return;
        }

        Sizes[buffer.Length / Step].Push(buffer);
    }
}
