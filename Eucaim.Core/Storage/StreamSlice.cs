namespace Eucaim.Core.Storage;

/// <summary>
/// At most a given number of bytes of a forward-only stream, from a given position on: what a byte range
/// is for a stream that cannot seek (an inflating one). Owns the stream it reads.
/// </summary>
internal sealed class StreamSlice : Stream
{
    private readonly Stream _inner;
    private long _remaining;

    private StreamSlice(Stream inner, long length)
    {
        _inner = inner;
        _remaining = length;
    }

    /// <summary>Skips <paramref name="start"/> bytes of <paramref name="inner"/> and returns the next <paramref name="length"/>.</summary>
    /// <exception cref="EndOfStreamException"><paramref name="inner"/> ends before <paramref name="start"/>.</exception>
    public static async Task<Stream> OpenAsync(Stream inner, long start, long length, CancellationToken cancellationToken)
    {
        try
        {
            if (start > 0)
            {
                var skip = new byte[(int)Math.Min(start, 81920)];
                for (var left = start; left > 0;)
                {
                    var n = await inner.ReadAsync(skip.AsMemory(0, (int)Math.Min(left, skip.Length)), cancellationToken);
                    if (n == 0)
                    {
                        throw new EndOfStreamException($"The stream ends {left} bytes before byte {start}.");
                    }

                    left -= n;
                }
            }

            return new StreamSlice(inner, length);
        }
        catch
        {
            await inner.DisposeAsync();
            throw;
        }
    }

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        var n = _remaining == 0 ? 0 : _inner.Read(buffer[..(int)Math.Min(buffer.Length, _remaining)]);
        _remaining -= n;
        return n;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var n = _remaining == 0 ? 0 : await _inner.ReadAsync(buffer[..(int)Math.Min(buffer.Length, _remaining)], cancellationToken);
        _remaining -= n;
        return n;
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _inner.Dispose();
        }

        base.Dispose(disposing);
    }

    public override async ValueTask DisposeAsync()
    {
        await _inner.DisposeAsync();
        await base.DisposeAsync();
    }
}
