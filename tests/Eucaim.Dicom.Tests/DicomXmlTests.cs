using System.Text.Json;
using System.Xml.Linq;
using Eucaim.Dicom.Tests.Infrastructure;

namespace Eucaim.Dicom.Tests;

/// <summary>The PS3.19 Native DICOM Model writer: structure, person names, multiple values, sequences, binary values and escaping.</summary>
public sealed class DicomXmlTests
{
    private static readonly XNamespace Ns = DicomXml.Namespace;

    private static XElement Serialize(DicomDataset dataset, DicomJsonOptions? options = null, DicomPixelDataInfo? pixel = null)
    {
        var root = XDocument.Parse(DicomXml.Serialize(dataset, options, pixel), LoadOptions.PreserveWhitespace).Root!;
        Assert.Equal(Ns + "NativeDicomModel", root.Name);
        return root;
    }

    private static XElement Attribute(XElement parent, string tag) =>
        Assert.Single(parent.Elements(Ns + "DicomAttribute"), a => (string?)a.Attribute("tag") == tag);

    private static List<(string Number, string Text)> Values(XElement attribute) =>
        attribute.Elements(Ns + "Value").Select(v => ((string)v.Attribute("number")!, v.Value)).ToList();

    [Fact]
    public void Person_names_split_into_groups_and_components_one_element_per_value()
    {
        var dataset = new DicomDataset();
        dataset.SetString(DicomTags.SpecificCharacterSet, DicomVR.CS, "ISO_IR 192");
        dataset.SetString(DicomTags.PatientName, DicomVR.PN, "Pérez^Juan^Carlos^Dr^III=山田^太郎=やまだ^たろう\\Smith^Anna\\=Only^Ideographic");
        var name = Attribute(Serialize(dataset), "00100010");

        Assert.Equal("PN", (string?)name.Attribute("vr"));
        Assert.Equal("PatientName", (string?)name.Attribute("keyword"));
        var values = name.Elements(Ns + "PersonName").ToList();
        Assert.Equal(["1", "2", "3"], values.Select(v => (string)v.Attribute("number")!));
        Assert.Empty(name.Elements(Ns + "Value"));

        string[] components = ["FamilyName", "GivenName", "MiddleName", "NamePrefix", "NameSuffix"];
        var first = values[0];
        Assert.Equal(["Pérez", "Juan", "Carlos", "Dr", "III"], components.Select(c => first.Element(Ns + "Alphabetic")!.Element(Ns + c)!.Value));
        Assert.Equal("山田", first.Element(Ns + "Ideographic")!.Element(Ns + "FamilyName")!.Value);
        Assert.Equal("たろう", first.Element(Ns + "Phonetic")!.Element(Ns + "GivenName")!.Value);

        // Absent components and groups are left out rather than written empty.
        Assert.Equal(["FamilyName", "GivenName"], values[1].Element(Ns + "Alphabetic")!.Elements().Select(e => e.Name.LocalName));
        Assert.Single(values[1].Elements());
        Assert.Null(values[2].Element(Ns + "Alphabetic"));
        Assert.Equal("Only", values[2].Element(Ns + "Ideographic")!.Element(Ns + "FamilyName")!.Value);
    }

    [Fact]
    public void Multiple_values_are_numbered_from_one_and_an_empty_value_keeps_its_place()
    {
        var dataset = new DicomDataset();
        dataset.SetString(DicomTags.ImageType, DicomVR.CS, "ORIGINAL\\\\AXIAL");
        dataset.SetString(DicomTags.ImagePositionPatient, DicomVR.DS, "-125.5\\1e2\\0");
        dataset.SetUInt16(DicomTags.Rows, 512, 7);
        dataset.Set(new DicomElement(new DicomTag(0x0018, 0x9306), DicomVR.FD, BitConverter.GetBytes(0.1)));
        dataset.Set(new DicomElement(new DicomTag(0x0018, 0x9307), DicomVR.FL, BitConverter.GetBytes(9.7f)));
        dataset.Set(new DicomElement(new DicomTag(0x0020, 0x9165), DicomVR.AT, new byte[] { 0x28, 0x00, 0x09, 0x00, 0x10, 0x00, 0x20, 0x00 }));
        dataset.SetString(DicomTags.StudyDescription, DicomVR.LO, "");
        var xml = Serialize(dataset);

        Assert.Equal([("1", "ORIGINAL"), ("2", ""), ("3", "AXIAL")], Values(Attribute(xml, "00080008")));
        Assert.Equal([("1", "-125.5"), ("2", "1e2"), ("3", "0")], Values(Attribute(xml, "00200032")));
        Assert.Equal([("1", "512"), ("2", "7")], Values(Attribute(xml, "00280010")));
        Assert.Equal([("1", "0.1")], Values(Attribute(xml, "00189306")));
        Assert.Equal([("1", "9.7")], Values(Attribute(xml, "00189307")));
        Assert.Equal([("1", "00280009"), ("2", "00100020")], Values(Attribute(xml, "00209165")));

        // An attribute without a value is present with no Value element.
        var empty = Attribute(xml, "00081030");
        Assert.Equal("LO", (string?)empty.Attribute("vr"));
        Assert.Empty(empty.Elements());
    }

    [Fact]
    public void Sequences_hold_numbered_items_and_bulk_data_paths_run_through_them()
    {
        var inner = new DicomDataset();
        inner.SetString(DicomTags.PatientId, DicomVR.LO, "ABC");
        inner.Set(new DicomElement(new DicomTag(0x0043, 0x1028), DicomVR.OB, new byte[2000]));
        var second = new DicomDataset();
        second.SetString(DicomTags.PatientId, DicomVR.LO, "DEF");
        second.Set(new DicomElement(new DicomTag(0x0043, 0x1029), DicomVR.OB, new byte[] { 1, 2, 3 }));
        var dataset = new DicomDataset();
        dataset.SetSequence(new DicomTag(0x0010, 0x1002), inner, second);
        dataset.SetSequence(new DicomTag(0x0008, 0x1140));
        var options = new DicomJsonOptions { BulkDataUri = path => "http://x/bulkdata/" + path };
        var xml = Serialize(dataset, options);

        var sequence = Attribute(xml, "00101002");
        Assert.Equal("SQ", (string?)sequence.Attribute("vr"));
        var items = sequence.Elements(Ns + "Item").ToList();
        Assert.Equal(["1", "2"], items.Select(i => (string)i.Attribute("number")!));
        Assert.Equal([("1", "ABC")], Values(Attribute(items[0], "00100020")));
        Assert.Equal([("1", "DEF")], Values(Attribute(items[1], "00100020")));

        // Over the threshold: BulkData with the same path as the JSON's BulkDataURI (item index 0-based there).
        Assert.Equal("http://x/bulkdata/00101002/0/00431028", (string?)Attribute(items[0], "00431028").Element(Ns + "BulkData")!.Attribute("uri"));
        Assert.Equal("AQID", Attribute(items[1], "00431029").Element(Ns + "InlineBinary")!.Value);
        Assert.Empty(Attribute(xml, "00081140").Elements());
    }

    [Fact]
    public void Markup_characters_are_escaped_and_characters_xml_cannot_carry_are_replaced()
    {
        var dataset = new DicomDataset();
        dataset.SetString(DicomTags.StudyDescription, DicomVR.LO, "a<b & c>d \"e\"");
        dataset.SetString(DicomTags.PatientName, DicomVR.PN, "O'Brien<&>^Ann");
        dataset.SetString(DicomTags.SeriesDescription, DicomVR.LO, "bell\u0007here");
        var text = DicomXml.Serialize(dataset);
        Assert.Contains("a&lt;b &amp; c&gt;d", text, StringComparison.Ordinal);

        var xml = Serialize(dataset);
        Assert.Equal([("1", "a<b & c>d \"e\"")], Values(Attribute(xml, "00081030")));
        Assert.Equal("O'Brien<&>", Attribute(xml, "00100010").Descendants(Ns + "FamilyName").Single().Value);
        Assert.Equal([("1", "bell\uFFFDhere")], Values(Attribute(xml, "0008103E")));
    }

    [Fact]
    public void Private_attributes_name_their_creator_and_have_no_keyword()
    {
        var dataset = new DicomDataset();
        dataset.SetString(new DicomTag(0x0009, 0x0010), DicomVR.LO, "GEMS_IDEN_01");
        dataset.SetString(new DicomTag(0x0009, 0x1001), DicomVR.LO, "GE_GENESIS_FF");
        var xml = Serialize(dataset);

        var creator = Attribute(xml, "00090010");
        Assert.Null(creator.Attribute("keyword"));
        // PS3.19 A.1.5: the tag leaves out the block (10), which privateCreator stands for, as dcm2xml writes it.
        var element = Attribute(xml, "00090001");
        Assert.Null(element.Attribute("keyword"));
        Assert.Equal("GEMS_IDEN_01", (string?)element.Attribute("privateCreator"));
    }

    [Fact]
    public void A_real_file_carries_the_attributes_of_its_json_in_the_same_order_with_pixel_data_as_bulk_data()
    {
        using var stream = File.OpenRead(TestCorpus.File("CT_small.dcm"));
        var read = DicomReader.ReadHeader(stream);
        var options = new DicomJsonOptions { BulkDataUri = path => "u/" + path, PixelDataUri = "u/7FE00010" };
        var json = JsonDocument.Parse(DicomJson.Serialize(read.Dataset, options, read.PixelData)).RootElement;
        var xml = Serialize(read.Dataset, options, read.PixelData);

        var attributes = xml.Elements(Ns + "DicomAttribute").ToList();
        Assert.Equal(json.EnumerateObject().Select(p => WithoutBlock(p.Name)), attributes.Select(a => (string)a.Attribute("tag")!));
        Assert.Equal(json.EnumerateObject().Select(p => p.Value.GetProperty("vr").GetString()), attributes.Select(a => (string?)a.Attribute("vr")));
        Assert.Equal("u/7FE00010", (string?)Attribute(xml, "7FE00010").Element(Ns + "BulkData")!.Attribute("uri"));
        Assert.Equal(
            json.GetProperty("00200032").GetProperty("Value").EnumerateArray().Select(v => v.GetDouble()),
            Values(Attribute(xml, "00200032")).Select(v => double.Parse(v.Text, System.Globalization.CultureInfo.InvariantCulture)));
    }

    /// <summary>A JSON key as PS3.19 writes the tag: private attributes (not their creators) without their block.</summary>
    private static string WithoutBlock(string key)
    {
        var tag = DicomTag.Parse(key);
        return tag.IsPrivate && !tag.IsPrivateCreator ? new DicomTag(tag.Group, (ushort)(tag.Element & 0xFF)).ToJsonKey() : key;
    }
}
