using System.Text.Json;
using Eucaim.Dicom.Synthetic;
using Eucaim.Dicom.Tests.Infrastructure;

namespace Eucaim.Dicom.Tests;

public sealed class DicomJsonTests
{
    private static JsonElement Serialize(DicomDataset dataset, DicomJsonOptions? options = null, DicomPixelDataInfo? pixel = null) =>
        JsonDocument.Parse(DicomJson.Serialize(dataset, options, pixel)).RootElement;

    [Fact]
    public void AttributesFollowPs318AnnexF()
    {
        var read = DicomReader.ReadHeader(new MemoryStream(SyntheticCtSeries.CreateFile()));
        var json = Serialize(read.Dataset);

        var study = json.GetProperty("0020000D");
        Assert.Equal("UI", study.GetProperty("vr").GetString());
        Assert.Equal(SyntheticCtSeries.StudyInstanceUid(1), study.GetProperty("Value")[0].GetString());

        var name = json.GetProperty("00100010");
        Assert.Equal("PN", name.GetProperty("vr").GetString());
        Assert.Equal("Pérez^Juan", name.GetProperty("Value")[0].GetProperty("Alphabetic").GetString());

        Assert.Equal(JsonValueKind.Number, json.GetProperty("00280010").GetProperty("Value")[0].ValueKind);
        Assert.Equal(16, json.GetProperty("00280010").GetProperty("Value")[0].GetInt32());
        Assert.Equal(-1024, json.GetProperty("00281052").GetProperty("Value")[0].GetDouble());
        Assert.Equal(3, json.GetProperty("00200032").GetProperty("Value").GetArrayLength());
        Assert.Equal(["ORIGINAL", "PRIMARY", "AXIAL"], json.GetProperty("00080008").GetProperty("Value").EnumerateArray().Select(v => v.GetString()));
        Assert.False(json.TryGetProperty("00020010", out _));
    }

    [Fact]
    public void EmptyValuesHaveNoValueAndSequencesNestObjects()
    {
        var read = DicomReader.ReadFile(TestCorpus.File("CT_small.dcm"));
        var json = Serialize(read.Dataset);

        var accession = json.GetProperty("00080050");
        Assert.Equal("SH", accession.GetProperty("vr").GetString());
        Assert.False(accession.TryGetProperty("Value", out _));

        var sequence = json.GetProperty("00101002");
        Assert.Equal("SQ", sequence.GetProperty("vr").GetString());
        Assert.Equal("ABCD1234", sequence.GetProperty("Value")[0].GetProperty("00100020").GetProperty("Value")[0].GetString());
    }

    [Fact]
    public void BinaryValuesAreInlineOrBulkData()
    {
        var dataset = new DicomDataset();
        dataset.Set(new DicomElement(new DicomTag(0x0009, 0x0010), DicomVR.LO, "CREATOR "u8.ToArray()));
        dataset.Set(new DicomElement(new DicomTag(0x0009, 0x1001), DicomVR.OB, new byte[] { 1, 2, 3, 4 }));
        dataset.Set(new DicomElement(new DicomTag(0x0009, 0x1002), DicomVR.OB, new byte[4000]));

        var inline = Serialize(dataset);
        Assert.Equal("AQIDBA==", inline.GetProperty("00091001").GetProperty("InlineBinary").GetString());

        var options = new DicomJsonOptions { BulkDataUri = path => $"https://example.invalid/bulk/{path}", PixelDataUri = "https://example.invalid/frames" };
        var pixel = DicomReader.ReadHeader(new MemoryStream(SyntheticCtSeries.CreateFile())).PixelData;
        var bulk = Serialize(dataset, options, pixel);
        Assert.Equal("https://example.invalid/bulk/00091002", bulk.GetProperty("00091002").GetProperty("BulkDataURI").GetString());
        Assert.Equal("AQIDBA==", bulk.GetProperty("00091001").GetProperty("InlineBinary").GetString());
        Assert.Equal("https://example.invalid/frames", bulk.GetProperty("7FE00010").GetProperty("BulkDataURI").GetString());
    }

    [Fact]
    public void EveryReadableCorpusFileSerializesToValidJson()
    {
        foreach (var file in TestCorpus.AllFiles())
        {
            var read = DicomReader.ReadFile(file, headerOnly: false);
            if (!read.IsDicom)
            {
                continue;
            }

            using var document = JsonDocument.Parse(DicomJson.Serialize(read.Dataset));
            Assert.Equal(JsonValueKind.Object, document.RootElement.ValueKind);
            foreach (var property in document.RootElement.EnumerateObject())
            {
                Assert.Matches("^[0-9A-F]{8}$", property.Name);
                Assert.True(property.Value.TryGetProperty("vr", out _), $"{TestCorpus.Relative(file)} {property.Name} has no vr");
            }
        }
    }
}
