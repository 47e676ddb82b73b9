using System.Buffers;
using System.Collections.Concurrent;
using Microsoft.AspNetCore.Connections;

namespace Eucaim.Api.Platform;

/// <summary>
/// The blocks Kestrel reads requests into and writes answers from. Its own pool hands out 4 KiB blocks, so a socket
/// read takes at most 4 KiB: a 500 MB STOW-RS body or tus upload is some 128,000 receive calls, each also a pass
/// through the request pipe and the multipart reader, which cost the Api more processor time than the bytes
/// themselves (docs/benchmarks.md#ingest). With 64 KiB blocks a read takes what the socket holds.
/// </summary>
internal static class ReceiveBlocks
{
    public static IHostApplicationBuilder AddEucaimReceiveBlocks(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<IMemoryPoolFactory<byte>, ReceiveBlockPoolFactory>();
        return builder;
    }

    private sealed class ReceiveBlockPoolFactory : IMemoryPoolFactory<byte>
    {
        public MemoryPool<byte> Create(MemoryPoolOptions? options = null) => new ReceiveBlockPool();
    }
}

/// <summary>
/// Blocks of <see cref="BlockBytes"/>, allocated on the pinned object heap as Kestrel's own are (a block pinned for
/// a socket operation then never stands in the way of compacting the heap) and reused; at most
/// <see cref="KeptBlocks"/> idle ones are kept, the rest go to the collector.
/// </summary>
internal sealed class ReceiveBlockPool : MemoryPool<byte>
{
    public const int BlockBytes = 64 * 1024;

    /// <summary>16 MiB per pool: enough for every connection of a busy upload to find its blocks ready.</summary>
    private const int KeptBlocks = 256;

    private readonly ConcurrentQueue<byte[]> _idle = new();

    public override int MaxBufferSize => BlockBytes;

    public override IMemoryOwner<byte> Rent(int minBufferSize = -1)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(minBufferSize, BlockBytes);
        return new Lease(this, _idle.TryDequeue(out var block) ? block : GC.AllocateUninitializedArray<byte>(BlockBytes, pinned: true));
    }

    protected override void Dispose(bool disposing) => _idle.Clear();

    private void Return(byte[] block)
    {
        // A soft bound: two returns racing may keep one block more, which costs nothing.
        if (_idle.Count < KeptBlocks)
        {
            _idle.Enqueue(block);
        }
    }

    private sealed class Lease(ReceiveBlockPool pool, byte[] block) : IMemoryOwner<byte>
    {
        private byte[]? _block = block;

        public Memory<byte> Memory => _block ?? throw new ObjectDisposedException(nameof(Lease));

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _block, null) is { } returned)
            {
                pool.Return(returned);
            }
        }
    }
}
