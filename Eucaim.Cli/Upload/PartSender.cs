using System.IO.Pipelines;
using System.Security.Cryptography;
using Eucaim.Cli.Platform;

namespace Eucaim.Cli.Upload;

/// <summary>
/// Sends one part from the offset the server has: the part's bytes are generated again from the
/// start (they are the same every time), those the server already has are hashed and skipped, the
/// rest go in PATCH requests of <see cref="ChunkBytes"/>. Returns the SHA-256 of the whole part, to
/// compare with the server's. Memory stays at the pipe's few megabytes whatever the part's size.
/// </summary>
internal sealed class PartSender(TusClient tus, TransferCounter counter, RateLimit? limit)
{
    /// <summary>Bytes per PATCH: large enough that the server's per-request bookkeeping is noise, small enough that a dropped request costs little.</summary>
    public const long ChunkBytes = 64L * 1024 * 1024;

    public async Task<string> SendAsync(UploadPart part, string location, long offset, CancellationToken cancellationToken)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var pipe = new Pipe(new PipeOptions(pauseWriterThreshold: 8 * 1024 * 1024, resumeWriterThreshold: 4 * 1024 * 1024, useSynchronizationContext: false));
        CliException? refused = null;
        var producer = Task.Run(async () =>
        {
            try
            {
                await using var writer = pipe.Writer.AsStream(leaveOpen: true);
                await part.WriteAsync(writer, stop.Token);
                await pipe.Writer.CompleteAsync();
            }
            catch (Exception e)
            {
                refused = e as CliException;
                await pipe.Writer.CompleteAsync(e);
            }
        }, CancellationToken.None);

        try
        {
            await using var reader = pipe.Reader.AsStream(leaveOpen: true);
            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            await SkipAsync(reader, offset, hash, stop.Token);
            counter.Set(part.Index, offset);
            while (offset < part.Length)
            {
                var size = Math.Min(ChunkBytes, part.Length - offset);
                await using var chunk = new ChunkStream(reader, size, hash, limit, read => counter.Add(part.Index, read));
                var moved = await tus.PatchAsync(location, offset, chunk, size, stop.Token);
                if (moved != offset + size)
                {
                    throw new TransientUploadException($"{part.Name}: the platform is at byte {moved}, not {offset + size} as sent");
                }

                offset = moved;
                counter.Set(part.Index, offset);
            }

            return Convert.ToHexStringLower(hash.GetHashAndReset());
        }
        catch (Exception) when (refused is not null)
        {
            // The part could not be packed (a file changed while it was sent): that, not the failed
            // request it caused, is what the user must hear, and trying again would not help.
            throw refused;
        }
        finally
        {
            await stop.CancelAsync();
            await pipe.Reader.CompleteAsync();
            await producer;
        }
    }

    private static async Task SkipAsync(Stream reader, long count, IncrementalHash hash, CancellationToken cancellationToken)
    {
        var buffer = new byte[1024 * 1024];
        while (count > 0)
        {
            var read = await reader.ReadAsync(buffer.AsMemory(0, (int)Math.Min(buffer.Length, count)), cancellationToken);
            if (read == 0)
            {
                throw new IOException("the part ended before the offset the platform has");
            }

            hash.AppendData(buffer, 0, read);
            count -= read;
        }
    }

    /// <summary>At most <c>length</c> bytes of the part, hashed and counted as the HTTP client reads them.</summary>
    private sealed class ChunkStream(Stream source, long length, IncrementalHash hash, RateLimit? limit, Action<int> sent) : Stream
    {
        private readonly long _length = length;
        private long _remaining = length;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => _length;

        public override long Position { get => _length - _remaining; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            if (_remaining == 0)
            {
                return 0;
            }

            var read = await source.ReadAsync(buffer[..(int)Math.Min(buffer.Length, _remaining)], cancellationToken);
            if (read == 0)
            {
                throw new IOException("the part ended before its length");
            }

            hash.AppendData(buffer.Span[..read]);
            _remaining -= read;
            sent(read);
            if (limit is not null)
            {
                await limit.TakeAsync(read, cancellationToken);
            }

            return read;
        }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}

/// <summary>Bytes the server has or is being sent, per part; read by the progress display from another thread.</summary>
internal sealed class TransferCounter(int parts)
{
    private readonly long[] _done = new long[parts];

    public long Total
    {
        get
        {
            long total = 0;
            for (var i = 0; i < _done.Length; i++)
            {
                total += Interlocked.Read(ref _done[i]);
            }

            return total;
        }
    }

    public void Set(int part, long bytes) => Interlocked.Exchange(ref _done[part], bytes);

    public void Add(int part, long bytes) => Interlocked.Add(ref _done[part], bytes);
}
