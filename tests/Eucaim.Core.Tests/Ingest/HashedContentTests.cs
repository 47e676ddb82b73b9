using System.Security.Cryptography;
using Eucaim.Core.Ingest;

namespace Eucaim.Core.Tests.Ingest;

/// <summary>A part read in one pass has exactly its bytes and their SHA-256, whatever its length against the read chunks.</summary>
public sealed class HashedContentTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(65_535)]
    [InlineData(65_536)]
    [InlineData(65_537)]
    [InlineData(1_000_003)]
    public async Task Reads_every_byte_and_hashes_them(int length)
    {
        var bytes = RandomNumberGenerator.GetBytes(length);

        var read = await HashedContent.ReadAsync(new TrickleStream(bytes), CancellationToken.None);

        Assert.Equal(bytes, read.Bytes);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(bytes)), read.Sha256);
    }

    /// <summary>Hands out at most 7,000 bytes a read, as a network body does, never a whole chunk at once.</summary>
    private sealed class TrickleStream(byte[] bytes) : MemoryStream(bytes, writable: false)
    {
        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            base.ReadAsync(buffer[..Math.Min(buffer.Length, 7_000)], cancellationToken);
    }
}
