using System.Security.Cryptography;
using Eucaim.Core.Ingest;

namespace Eucaim.Core.Tests.Ingest;

/// <summary>
/// A part read in one pass has exactly its bytes and their SHA-256, whatever its length against the
/// length expected and the reads, and keeps them while another part is read into a buffer handed back.
/// </summary>
public sealed class HashedContentTests
{
    [Theory]
    [InlineData(0, 0)]
    [InlineData(1, 0)]
    [InlineData(65_535, 0)]
    [InlineData(65_536, 0)]
    [InlineData(65_537, 65_536)]
    [InlineData(1_000_003, 0)]
    [InlineData(1_000_003, 1_000_003)]
    [InlineData(1_000_003, 1_048_575)]
    [InlineData(1_000_003, 4_000_000)]
    [InlineData(20_000_000, 524_288)]
    public async Task Reads_every_byte_and_hashes_them(int length, int expectedLength)
    {
        var bytes = RandomNumberGenerator.GetBytes(length);

        using var read = await HashedContent.ReadAsync(new TrickleStream(bytes), expectedLength, CancellationToken.None);

        Assert.Equal(bytes, read.Bytes.ToArray());
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(bytes)), read.Sha256);
    }

    [Fact]
    public async Task A_part_keeps_its_bytes_while_others_are_read_into_buffers_handed_back()
    {
        var parts = Enumerable.Range(0, 40).Select(_ => RandomNumberGenerator.GetBytes(300_000)).ToList();
        var kept = await HashedContent.ReadAsync(new TrickleStream(parts[0]), parts[0].Length, CancellationToken.None);

        foreach (var part in parts.Skip(1))
        {
            using var other = await HashedContent.ReadAsync(new TrickleStream(part), part.Length, CancellationToken.None);
            Assert.Equal(part, other.Bytes.ToArray());
        }

        Assert.Equal(parts[0], kept.Bytes.ToArray());
        kept.Dispose();
        kept.Dispose();
    }

    [Fact]
    public async Task A_seekable_stream_is_read_from_where_it_stands()
    {
        var bytes = RandomNumberGenerator.GetBytes(200_000);
        var stream = new MemoryStream(bytes, writable: false) { Position = 1_000 };

        using var read = await HashedContent.ReadAsync(stream, CancellationToken.None);

        Assert.Equal(bytes[1_000..], read.Bytes.ToArray());
    }

    /// <summary>Hands out at most 7,000 bytes a read, as a network body does, and does not say its length.</summary>
    private sealed class TrickleStream(byte[] bytes) : MemoryStream(bytes, writable: false)
    {
        public override bool CanSeek => false;

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            base.ReadAsync(buffer[..Math.Min(buffer.Length, 7_000)], cancellationToken);
    }
}
