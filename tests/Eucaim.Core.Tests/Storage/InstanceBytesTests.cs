using Eucaim.Core.Storage;

namespace Eucaim.Core.Tests.Storage;

/// <summary>Reading an instance never reads into its neighbour in the pack, and instances stored alone are read as before.</summary>
public sealed class InstanceBytesTests
{
    private static readonly InstanceBytes Packed = new("1.2/1.2.3/1.2.3.4.dcm", "packs/p.pack", 1000, 500);

    [Fact]
    public void A_packed_instance_is_its_range_of_the_pack()
    {
        Assert.Equal("packs/p.pack", Packed.Blob);
        Assert.Equal((1000L, 500L), (Packed.Range().Offset, Packed.Range().Length));
        Assert.Equal((1132L, 368L), (Packed.Range(132).Offset, Packed.Range(132).Length));
        Assert.Equal((1132L, 4L), (Packed.Range(132, 4).Offset, Packed.Range(132, 4).Length));
    }

    [Fact]
    public void A_read_past_the_instance_stops_at_its_end()
    {
        Assert.Equal((1400L, 100L), (Packed.Range(400, 1_000_000).Offset, Packed.Range(400, 1_000_000).Length));
        Assert.Throws<ArgumentOutOfRangeException>(() => Packed.Range(500));
    }

    [Fact]
    public void An_instance_stored_alone_is_read_from_its_own_blob()
    {
        var alone = new InstanceBytes("1.2/1.2.3/1.2.3.4.dcm", null, null, 500);

        Assert.Equal("1.2/1.2.3/1.2.3.4.dcm", alone.Blob);
        Assert.Equal(default, alone.Range());
        Assert.Equal((132L, (long?)4), (alone.Range(132, 4).Offset, alone.Range(132, 4).Length));
    }

    [Fact]
    public void A_deflated_instance_is_read_from_the_start_of_its_deflate_stream_whatever_part_is_asked_for()
    {
        var deflated = Packed with { DeflatedSize = 120 };

        Assert.Equal((1000L, 120L), (deflated.Range().Offset, deflated.Range().Length));
        Assert.Equal((1000L, 120L), (deflated.Range(400, 4).Offset, deflated.Range(400, 4).Length));
        Assert.Throws<ArgumentOutOfRangeException>(() => deflated.Range(500));
    }
}
