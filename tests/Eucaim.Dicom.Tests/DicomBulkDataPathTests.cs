using System.Text.Json;

namespace Eucaim.Dicom.Tests;

/// <summary>The BulkDataURI paths metadata writes are the ones bulk data retrieval resolves, inside sequences too.</summary>
public sealed class DicomBulkDataPathTests
{
    [Fact]
    public void Every_path_metadata_writes_finds_the_value_it_was_written_for()
    {
        var icon = new DicomDataset();
        icon.Set(new DicomElement(new DicomTag(0x7FE0, 0x0010), DicomVR.OB, new byte[3000]));
        var dataset = new DicomDataset();
        dataset.Set(new DicomElement(new DicomTag(0x0042, 0x0011), DicomVR.OB, new byte[2000]));
        dataset.SetSequence(new DicomTag(0x0088, 0x0200), new DicomDataset(), icon);

        var paths = new List<string>();
        using var json = JsonDocument.Parse(DicomJson.Serialize(dataset, new DicomJsonOptions { BulkDataUri = path => { paths.Add(path); return "bulk/" + path; } }));

        Assert.Equal(["00420011", "00880200/1/7FE00010"], paths.Order(StringComparer.Ordinal));
        Assert.Same(dataset.GetElement(new DicomTag(0x0042, 0x0011)), DicomBulkDataPath.Find(dataset, paths.Single(p => p == "00420011")));
        Assert.Same(icon.GetElement(new DicomTag(0x7FE0, 0x0010)), DicomBulkDataPath.Find(dataset, "00880200/1/7FE00010"));
    }

    [Theory]
    [InlineData("00880200/1", false)]
    [InlineData("nottag", false)]
    [InlineData("", false)]
    [InlineData("00420011", true)]
    [InlineData("00880200/0/7FE00010", true)]
    public void A_path_has_the_shape_of_tags_and_item_numbers(string path, bool wellFormed) =>
        Assert.Equal(wellFormed, DicomBulkDataPath.TryParse(path, out _));

    [Theory]
    [InlineData("00880200/2/7FE00010")] // no such item
    [InlineData("00880200/x/7FE00010")] // not an item number
    [InlineData("00420011/0/7FE00010")] // not a sequence
    [InlineData("00100010")] // absent
    public void A_path_to_nothing_finds_nothing(string path)
    {
        var dataset = new DicomDataset();
        dataset.Set(new DicomElement(new DicomTag(0x0042, 0x0011), DicomVR.OB, new byte[8]));
        dataset.SetSequence(new DicomTag(0x0088, 0x0200), new DicomDataset());

        Assert.Null(DicomBulkDataPath.Find(dataset, path));
    }
}
