using System.Buffers.Binary;
using Eucaim.Dicom.Tests.Infrastructure;

namespace Eucaim.Dicom.Tests;

/// <summary>Where frames lie in pixel data: what WADO-RS frames, rendered and bulk data cut out of stored files.</summary>
public sealed class DicomFramesTests
{
    [Fact]
    public async Task The_frames_of_a_real_two_frame_rle_file_are_found_each_starting_with_its_rle_header()
    {
        var path = TestCorpus.File("SC_rgb_rle_16bit_2frame.dcm");
        await using var file = File.OpenRead(path);
        var header = DicomReader.ReadHeader(file);
        var pixel = header.PixelData!;
        file.Position = pixel.ValueOffset;

        var frames = await DicomFrames.MapFragmentsAsync(file, pixel.ValueOffset, 2, CancellationToken.None);

        Assert.NotNull(frames);
        Assert.Equal(2, frames.Count);
        var bytes = await File.ReadAllBytesAsync(path);
        foreach (var fragments in frames)
        {
            var (offset, length) = Assert.Single(fragments);
            Assert.True(offset + length <= bytes.Length);
            // PS3.5 G.3.1: an RLE frame starts with its segment count; 16-bit RGB has 3 samples × 2 bytes = 6 segments.
            Assert.Equal(6u, BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan((int)offset)));
        }

        Assert.True(frames[1][0].Offset > frames[0][0].Offset + frames[0][0].Length - 1);
    }

    [Fact]
    public void The_offset_table_groups_fragments_into_frames_counted_from_the_first_fragment_item()
    {
        // Four fragments of 100 bytes (items of 108), two per frame: the second frame starts 216 bytes after the first item.
        var fragments = Enumerable.Range(0, 4).Select(i => (ItemStart: 1000L + (i * 108), Offset: 1008L + (i * 108), Length: 100L)).ToList();

        var frames = DicomFrames.AssignFragments(fragments, [0, 216], frames: 2);

        Assert.NotNull(frames);
        Assert.Equal([(1008L, 100L), (1116L, 100L)], frames[0]);
        Assert.Equal([(1224L, 100L), (1332L, 100L)], frames[1]);
    }

    [Fact]
    public void Without_an_offset_table_fragments_are_frames_only_when_they_are_as_many()
    {
        var fragments = Enumerable.Range(0, 3).Select(i => (ItemStart: i * 20L, Offset: (i * 20L) + 8, Length: 12L)).ToList();

        Assert.Equal(3, DicomFrames.AssignFragments(fragments, [], frames: 3)!.Count);
        Assert.Null(DicomFrames.AssignFragments(fragments, [], frames: 2));
        Assert.Equal(3, Assert.Single(DicomFrames.AssignFragments(fragments, [], frames: 1)!).Length);
    }

    [Theory]
    [InlineData(512, 512, 1, 16, 524288L)]
    [InlineData(10, 10, 3, 8, 300L)]
    [InlineData(3, 3, 1, 1, null)]
    [InlineData(0, 512, 1, 16, null)]
    public void A_native_frame_is_rows_times_columns_times_samples_times_bytes(int rows, int columns, int samples, int bits, long? expected) =>
        Assert.Equal(expected, DicomFrames.NativeFrameBytes(rows, columns, samples, bits));

    [Fact]
    public void Big_endian_values_become_little_endian_in_whole_units()
    {
        byte[] data = [0x12, 0x34, 0x56, 0x78, 0x9A];

        DicomFrames.SwapToLittleEndian(data, 2);

        Assert.Equal([0x34, 0x12, 0x78, 0x56, 0x9A], data);
    }
}
