using System.Buffers;
using System.Globalization;
using System.Security.Cryptography;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Blobs.Specialized;

namespace Eucaim.Workers.Jobs.Kubernetes;

/// <summary>
/// Writes straight into a block blob, block by block, hashing as it goes, so the output sidecar
/// archives any size of output without a second copy on the pod's scratch disk. Nothing is visible
/// until <see cref="CommitAsync"/> commits the blocks together with the metadata (the archive's
/// SHA-256 among it): an upload cut short leaves no archive at all.
/// </summary>
internal sealed class ArchiveUploadStream(BlockBlobClient blob, int blockSize = 8 * 1024 * 1024) : Stream
{
    private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private readonly List<string> _blocks = [];
    private byte[] _buffer = ArrayPool<byte>.Shared.Rent(blockSize);
    private int _filled;
    private long _length;

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => _length;

    public override long Position { get => _length; set => throw new NotSupportedException(); }

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        while (!buffer.IsEmpty)
        {
            var take = Math.Min(buffer.Length, blockSize - _filled);
            buffer[..take].CopyTo(_buffer.AsMemory(_filled));
            _hash.AppendData(buffer.Span[..take]);
            _filled += take;
            _length += take;
            buffer = buffer[take..];
            if (_filled == blockSize)
            {
                await StageAsync(cancellationToken);
            }
        }
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Write(byte[] buffer, int offset, int count) => WriteAsync(buffer, offset, count).GetAwaiter().GetResult();

    /// <summary>Stages what is left and commits every block with the metadata, adding the archive's SHA-256 under <paramref name="sha256Key"/>.</summary>
    public async Task<string> CommitAsync(IDictionary<string, string> metadata, string sha256Key, CancellationToken cancellationToken)
    {
        if (_filled > 0)
        {
            await StageAsync(cancellationToken);
        }

        var sha = Convert.ToHexStringLower(_hash.GetHashAndReset());
        metadata[sha256Key] = sha;
        await blob.CommitBlockListAsync(_blocks, new CommitBlockListOptions { Metadata = metadata }, cancellationToken);
        return sha;
    }

    public override void Flush()
    {
    }

    public override Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing && _buffer.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = [];
            _hash.Dispose();
        }

        base.Dispose(disposing);
    }

    private async Task StageAsync(CancellationToken cancellationToken)
    {
        // Block ids must all have the same length: a zero-padded counter.
        var id = Convert.ToBase64String(System.Text.Encoding.ASCII.GetBytes(_blocks.Count.ToString("D6", CultureInfo.InvariantCulture)));
        using var block = new MemoryStream(_buffer, 0, _filled, writable: false);
        await blob.StageBlockAsync(id, block, cancellationToken: cancellationToken);
        _blocks.Add(id);
        _filled = 0;
    }
}
