using System.Text;
using Eucaim.Dicom.Tests.Infrastructure;

namespace Eucaim.Dicom.Tests;

public sealed class CharacterSetTests
{
    [Fact]
    public void Latin1NamesAreDecoded()
    {
        var read = DicomReader.ReadFile(TestCorpus.CharsetFile("chrFren.dcm"));

        Assert.Equal("ISO_IR 100", read.Dataset.GetString(DicomTags.SpecificCharacterSet));
        Assert.Equal("Buc^Jérôme", read.Dataset.GetString(DicomTags.PatientName));
    }

    [Fact]
    public void Utf8NamesAreDecoded()
    {
        var name = "Łukasz^Śmigły=山田^太郎";
        var bytes = RawDicomBuilder.Part10(DicomTransferSyntax.ExplicitVRLittleEndian.Uid)
            .ExplicitText(0x0008, 0x0005, "CS", "ISO_IR 192")
            .Explicit(0x0010, 0x0010, "PN", PadEven(Encoding.UTF8.GetBytes(name)))
            .ToArray();

        var read = DicomReader.ReadHeader(new MemoryStream(bytes));

        Assert.True(read.Dataset.CharacterSet.IsUtf8);
        Assert.Equal(name, read.Dataset.GetString(DicomTags.PatientName));
    }

    [Fact]
    public void Iso2022JapaneseNamesAreDecoded()
    {
        var read = DicomReader.ReadFile(TestCorpus.CharsetFile("chrH31.dcm"));

        Assert.Equal("Yamada^Tarou=山田^太郎=やまだ^たろう", read.Dataset.GetString(DicomTags.PatientName));
    }

    [Fact]
    public void SequenceItemsInheritOrOverrideTheCharacterSet()
    {
        // chrSQEncoding.dcm: UTF-8 at top level, an item switching to ISO 2022 IR 13 (katakana) and IR 87 (kanji).
        var read = DicomReader.ReadFile(TestCorpus.CharsetFile("chrSQEncoding.dcm"));
        var item = read.Dataset.GetElement(new DicomTag(0x0032, 0x1064))!.Items[0];

        Assert.True(read.Dataset.CharacterSet.IsUtf8);
        Assert.Equal(["ISO 2022 IR 13", "ISO 2022 IR 87"], item.CharacterSet.Terms);
        Assert.Equal("Doctor^Who^^MD", read.Dataset.GetString(new DicomTag(0x0032, 0x1032)));
        Assert.Equal("ﾔﾏﾀﾞ^ﾀﾛｳ=山田^太郎=やまだ^たろう", item.GetString(DicomTags.PatientName));
    }

    /// <summary>
    /// Every charset file whose repertoire dcmtk can convert (dcmdump +U8, iconv) must decode to the same
    /// UTF-8 text with us; the ISO 2022 Japanese files dcmtk cannot convert are covered above.
    /// </summary>
    [Fact]
    public void DecodedNamesMatchDcmtkUtf8Conversion()
    {
        var compared = 0;
        foreach (var file in Directory.EnumerateFiles(TestCorpus.CharsetFiles, "*.dcm").Order(StringComparer.Ordinal))
        {
            var dump = ExternalTool.Run(ExternalTool.Dcmdump, ["+U8", "+L", "-Un", file], Encoding.UTF8);
            if (dump.ExitCode != 0 || dump.StandardError.Contains("E: ", StringComparison.Ordinal))
            {
                continue;
            }

            var expected = DcmdumpOutput.Parse(dump.StandardOutput).Dataset.First(n => n.Tag == DicomTags.PatientName).Value;
            var ours = DicomReader.ReadFile(file).Dataset.GetString(DicomTags.PatientName);
            Assert.Equal(expected.Trim(' ', '\0'), ours);
            compared++;
        }

        Assert.True(compared >= 8, $"only {compared} charset files could be compared with dcmdump +U8");
    }

    private static byte[] PadEven(byte[] bytes) => bytes.Length % 2 == 0 ? bytes : [.. bytes, (byte)' '];
}
