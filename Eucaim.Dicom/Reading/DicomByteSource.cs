using System.Buffers;
using System.IO.Compression;

namespace Eucaim.Dicom;

/// <summary>
/// Buffered, forward-only view of the input with a logical position, so that the parser never asks the
/// stream for more than it needs and never trusts a length it cannot see bytes for.
/// </summary>
internal sealed class DicomByteSource : IDisposable
{
    private const int BufferSize = 16 * 1024;

    private Stream _stream;
    private Stream? _ownedStream;
    private byte[] _buffer;
    private int _pos;
    private int _end;
    private long _bufferStart;
    private long _streamPosition;
    private long _streamLength;
    private bool _seekable;
    private bool _endOfStream;
    private int _nextReadSize = 4096;

    public DicomByteSource(Stream stream)
    {
        _stream = stream;
        _buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
        try
        {
            _seekable = stream.CanSeek;
            if (_seekable)
            {
                _streamPosition = stream.Position;
                _streamLength = stream.Length;
            }
        }
        catch (NotSupportedException)
        {
            _seekable = false;
        }
    }

    /// <summary>Bytes consumed so far (in the inflated stream once deflate has started).</summary>
    public long Position => _bufferStart + _pos;

    /// <summary>Bytes left when the stream can tell; null for pipes, network streams and deflated data.</summary>
    public long? Remaining => _seekable ? _streamLength - _streamPosition + (_end - _pos) : null;

    /// <summary>The I/O or inflate error that ended the stream early, if any.</summary>
    public Exception? Fault { get; private set; }

    public int Buffered => _end - _pos;

    public bool AtEnd => !Ensure(1);

    public ReadOnlySpan<byte> Peek(int count) => _buffer.AsSpan(_pos, count);

    public void Advance(int count) => _pos += count;

    /// <summary>Makes at least <paramref name="count"/> bytes (at most the buffer size) available; false at end of stream.</summary>
    public bool Ensure(int count)
    {
        if (_end - _pos >= count)
        {
            return true;
        }

        if (_pos > 0)
        {
            Buffer.BlockCopy(_buffer, _pos, _buffer, 0, _end - _pos);
            _bufferStart += _pos;
            _end -= _pos;
            _pos = 0;
        }

        while (_end < count && !_endOfStream)
        {
            // Start small: most headers fit in a few KiB and the rest of the file is pixel data we will not read.
            var want = Math.Min(_buffer.Length - _end, Math.Max(count - _end, _nextReadSize));
            _nextReadSize = Math.Min(_nextReadSize * 2, _buffer.Length);
            var read = SafeRead(_buffer.AsSpan(_end, want));
            if (read == 0)
            {
                _endOfStream = true;
            }

            _end += read;
        }

        return _end - _pos >= count;
    }

    /// <summary>Copies up to destination.Length bytes; returns fewer only at end of stream.</summary>
    public int ReadInto(Span<byte> destination)
    {
        var copied = Math.Min(_end - _pos, destination.Length);
        _buffer.AsSpan(_pos, copied).CopyTo(destination);
        _pos += copied;
        while (copied < destination.Length && !_endOfStream)
        {
            var remaining = destination.Length - copied;
            if (remaining >= _buffer.Length)
            {
                var read = SafeRead(destination[copied..]);
                if (read == 0)
                {
                    _endOfStream = true;
                }

                _bufferStart += read;
                copied += read;
            }
            else
            {
                if (!Ensure(Math.Min(remaining, _buffer.Length)) && _end - _pos == 0)
                {
                    break;
                }

                var chunk = Math.Min(_end - _pos, remaining);
                _buffer.AsSpan(_pos, chunk).CopyTo(destination[copied..]);
                _pos += chunk;
                copied += chunk;
            }
        }

        return copied;
    }

    /// <summary>Skips bytes without reading them when the stream can seek; returns how many were really there.</summary>
    public long Skip(long count)
    {
        var fromBuffer = (int)Math.Min(_end - _pos, count);
        _pos += fromBuffer;
        var skipped = (long)fromBuffer;
        if (skipped == count)
        {
            return skipped;
        }

        if (_seekable && Fault is null)
        {
            var target = Math.Min(_streamPosition + (count - skipped), _streamLength);
            try
            {
                _stream.Seek(target, SeekOrigin.Begin);
            }
            catch (IOException exception)
            {
                Fault = exception;
                _endOfStream = true;
                return skipped;
            }

            var moved = target - _streamPosition;
            _streamPosition = target;
            _bufferStart += _pos + moved;
            _pos = 0;
            _end = 0;
            if (_streamPosition >= _streamLength)
            {
                _endOfStream = true;
            }

            return skipped + moved;
        }

        while (skipped < count && Ensure(1))
        {
            var chunk = (int)Math.Min(_end - _pos, count - skipped);
            _pos += chunk;
            skipped += chunk;
        }

        return skipped;
    }

    /// <summary>Copies exactly <paramref name="count"/> bytes (fewer at end of stream) to a sink, chunk by chunk.</summary>
    public long CopyTo(long count, Action<ReadOnlySpan<byte>> sink)
    {
        var copied = 0L;
        while (copied < count && Ensure(1))
        {
            var chunk = (int)Math.Min(_end - _pos, count - copied);
            sink(_buffer.AsSpan(_pos, chunk));
            _pos += chunk;
            copied += chunk;
        }

        return copied;
    }

    /// <summary>From here on, bytes come from inflating the rest of the input (Deflated Explicit VR Little Endian).</summary>
    public void StartInflating()
    {
        var leftover = _buffer.AsSpan(_pos, _end - _pos).ToArray();
        var compressed = new PrefixedStream(leftover, _stream);

        // PS3.5 A.5 says raw deflate; some writers emitted a zlib wrapper, recognisable by its header checksum.
        var zlib = leftover.Length >= 2 && (leftover[0] & 0x0F) == 8 && ((leftover[0] << 8) | leftover[1]) % 31 == 0;
        _ownedStream = zlib
            ? new ZLibStream(compressed, CompressionMode.Decompress, leaveOpen: true)
            : new DeflateStream(compressed, CompressionMode.Decompress, leaveOpen: true);
        _stream = _ownedStream;
        _bufferStart += _pos;
        _pos = 0;
        _end = 0;
        _seekable = false;
        _endOfStream = false;
    }

    public void Dispose()
    {
        _ownedStream?.Dispose();
        if (_buffer.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = [];
        }
    }

    private int SafeRead(Span<byte> destination)
    {
        if (Fault is not null)
        {
            return 0;
        }

        try
        {
            var read = _stream.Read(destination);
            _streamPosition += read;
            return read;
        }
        catch (Exception exception) when (exception is IOException or InvalidDataException or NotSupportedException or ObjectDisposedException)
        {
            Fault = exception;
            return 0;
        }
    }

    /// <summary>Serves bytes already buffered before continuing with the underlying stream.</summary>
    private sealed class PrefixedStream(byte[] prefix, Stream inner) : Stream
    {
        private int _offset;

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
            if (_offset < prefix.Length)
            {
                var count = Math.Min(buffer.Length, prefix.Length - _offset);
                prefix.AsSpan(_offset, count).CopyTo(buffer);
                _offset += count;
                return count;
            }

            return inner.Read(buffer);
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
