using System.Text;
using Eucaim.Core.Contracts;

namespace Eucaim.Core.Tests.Contracts;

/// <summary>The manifest publication writes is exactly what the stagers read, and a bad one stages nothing.</summary>
public sealed class DatasetVersionManifestTests
{
    private static readonly Guid Dataset = Guid.Parse("0195d3a4-5b6c-7d8e-9f00-112233445566");

    private static DatasetVersionManifest Sample() => new(Dataset, 3,
    [
        new("1.2.3/1.2.3.4/1.2.3.4.5.dcm", new string('a', 64), 1234),
        new("1.2.3/1.2.3.4/1.2.3.4.6.dcm", new string('b', 64), 0),
        new("1.2.3/1.2.3.4/1.2.3.4.7.dcm", new string('c', 64), 10, "packs/0195d3a45b6c7d8e9f00112233445566.pack", 1234),
        new("1.2.3/1.2.3.4/1.2.3.4.8.dcm", new string('d', 64), 500, "packs/0195d3a45b6c7d8e9f00112233445566.pack", 1244, 120),
    ]);

    [Fact]
    public void Round_trips_through_its_json_with_the_documented_member_names()
    {
        var manifest = Sample();

        var json = manifest.ToUtf8Json();
        var read = DatasetVersionManifest.Parse(json, Dataset, 3);

        Assert.Equal(manifest.DatasetId, read.DatasetId);
        Assert.Equal(manifest.Version, read.Version);
        Assert.Equal(manifest.Files, read.Files);
        Assert.Equal(1744, read.TotalBytes);
        var text = Encoding.UTF8.GetString(json);
        Assert.StartsWith("{\"datasetId\":\"0195d3a4-5b6c-7d8e-9f00-112233445566\",\"version\":3,\"files\":[{\"path\":", text);
        Assert.DoesNotContain("totalBytes", text, StringComparison.OrdinalIgnoreCase);
        // A file stored alone says nothing of packs; a packed one names its pack and offset.
        Assert.Contains("\"size\":1234},", text, StringComparison.Ordinal);
        Assert.Contains("\"size\":10,\"pack\":\"packs/0195d3a45b6c7d8e9f00112233445566.pack\",\"offset\":1234},", text, StringComparison.Ordinal);
        // One kept deflated says how many bytes of the pack its deflate stream takes.
        Assert.EndsWith("\"size\":500,\"pack\":\"packs/0195d3a45b6c7d8e9f00112233445566.pack\",\"offset\":1244,\"deflatedSize\":120}]}", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("packs/p.pack", null)]
    [InlineData(null, 0L)]
    [InlineData("packs/p.pack", -1L)]
    [InlineData("../v1/packs/p.pack", 0L)]
    public void Refuses_a_pack_without_an_offset_or_outside_the_version(string? pack, long? offset)
    {
        var json = new DatasetVersionManifest(Dataset, 1, [new("1.2/1.2.3/1.2.3.4.dcm", new string('c', 64), 1, pack, offset)]).ToUtf8Json();

        var error = Assert.Throws<InvalidDataException>(() => DatasetVersionManifest.Parse(json));
        Assert.Contains("1.2/1.2.3/1.2.3.4.dcm", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null, null, 120L)]
    [InlineData("packs/p.pack", 0L, 0L)]
    [InlineData("packs/p.pack", 0L, -5L)]
    public void Refuses_a_deflated_size_outside_a_pack_or_not_positive(string? pack, long? offset, long deflatedSize)
    {
        var json = new DatasetVersionManifest(Dataset, 1, [new("1.2/1.2.3/1.2.3.4.dcm", new string('c', 64), 500, pack, offset, deflatedSize)]).ToUtf8Json();

        var error = Assert.Throws<InvalidDataException>(() => DatasetVersionManifest.Parse(json));
        Assert.Contains("deflatedSize", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("../other/secret.dcm")]
    [InlineData("/etc/passwd")]
    [InlineData("a//b.dcm")]
    [InlineData("a\\b.dcm")]
    public void Refuses_a_path_that_leaves_the_version(string path)
    {
        var json = new DatasetVersionManifest(Dataset, 1, [new(path, new string('c', 64), 1)]).ToUtf8Json();

        var error = Assert.Throws<InvalidDataException>(() => DatasetVersionManifest.Parse(json));
        Assert.Contains(path, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Refuses_a_manifest_of_another_version_and_entries_without_a_full_checksum()
    {
        Assert.Throws<InvalidDataException>(() => DatasetVersionManifest.Parse(Sample().ToUtf8Json(), Dataset, 2));
        var shortHash = new DatasetVersionManifest(Dataset, 1, [new("a.dcm", "abc", 1)]).ToUtf8Json();
        Assert.Throws<InvalidDataException>(() => DatasetVersionManifest.Parse(shortHash));
        Assert.Throws<InvalidDataException>(() => DatasetVersionManifest.Parse("not json"u8));
    }
}
