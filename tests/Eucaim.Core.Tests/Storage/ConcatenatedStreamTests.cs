using Eucaim.Core.Storage;

namespace Eucaim.Core.Tests.Storage;

/// <summary>A pack is sent from the instances' own buffers: the same bytes as their concatenation, also when read again after a seek (a retried upload).</summary>
public sealed class ConcatenatedStreamTests
{
    // Each part a window of a larger buffer, as instances read into pooled buffers are: only the window is sent.
    private static readonly ArraySegment<byte>[] Parts =
        [new([0, 1, 2, 3, 0], 1, 3), new([7, 7], 2, 0), new([4]), new([5, 6, 7, 8, 9, 0, 0, 0], 0, 5)];

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(4)]
    [InlineData(64)]
    public void Reads_the_parts_one_after_the_other_whatever_the_buffer_size(int bufferSize)
    {
        using var stream = new ConcatenatedStream(Parts);
        var read = new List<byte>();
        var buffer = new byte[bufferSize];
        int n;
        while ((n = stream.Read(buffer, 0, buffer.Length)) > 0)
        {
            read.AddRange(buffer[..n]);
        }

        Assert.Equal(Parts.SelectMany(p => p), read);
        Assert.Equal(9, stream.Length);
        Assert.Equal(9, stream.Position);
    }

    [Fact]
    public void Reads_again_from_where_it_is_sought()
    {
        using var stream = new ConcatenatedStream(Parts);
        using var sink = new MemoryStream();
        stream.CopyTo(sink);

        stream.Position = 3;
        var rest = new byte[10];
        Assert.Equal(6, stream.ReadAtLeast(rest, 6, throwOnEndOfStream: false));
        Assert.Equal(new byte[] { 4, 5, 6, 7, 8, 9 }, rest[..6]);
        Assert.Equal(7, stream.Seek(-2, SeekOrigin.End));
        Assert.Equal(8, stream.ReadByte());
    }
}
