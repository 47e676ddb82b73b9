namespace Eucaim.Core.Storage;

/// <summary>
/// Buffers read one after the other as one seekable stream: a pack is uploaded straight from the
/// instances' buffers, without a copy of every byte into one large array first. Seekable, so the
/// storage client can send it again on a retry.
/// </summary>
internal sealed class ConcatenatedStream(IReadOnlyList<ArraySegment<byte>> parts) : Stream
{
    private readonly long _length = parts.Sum(p => (long)p.Count);
    private long _position;
    private int _part;
    private int _offsetInPart;

    public override bool CanRead => true;

    public override bool CanSeek => true;

    public override bool CanWrite => false;

    public override long Length => _length;

    public override long Position
    {
        get => _position;
        set => Seek(value, SeekOrigin.Begin);
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        var read = 0;
        while (read < buffer.Length && _part < parts.Count)
        {
            var available = parts[_part].AsSpan(_offsetInPart);
            var n = Math.Min(available.Length, buffer.Length - read);
            available[..n].CopyTo(buffer[read..]);
            read += n;
            _offsetInPart += n;
            if (_offsetInPart == parts[_part].Count)
            {
                _part++;
                _offsetInPart = 0;
            }
        }

        _position += read;
        return read;
    }

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(Read(buffer.Span));

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        Task.FromResult(Read(buffer.AsSpan(offset, count)));

    public override long Seek(long offset, SeekOrigin origin)
    {
        var target = origin switch
        {
            SeekOrigin.Begin => offset,
            SeekOrigin.Current => _position + offset,
            _ => _length + offset,
        };
        ArgumentOutOfRangeException.ThrowIfNegative(target, nameof(offset));
        _position = target;
        (_part, _offsetInPart) = (0, 0);
        var left = target;
        while (_part < parts.Count && left >= parts[_part].Count)
        {
            left -= parts[_part].Count;
            _part++;
        }

        _offsetInPart = (int)left;
        return _position;
    }

    public override void Flush()
    {
    }

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
