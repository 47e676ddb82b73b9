using System.Formats.Tar;
using System.IO.Compression;
using System.Text;
using Eucaim.Core.Exports.Screening;
using Eucaim.Dicom.Synthetic;

namespace Eucaim.Core.Tests.Exports.Screening;

/// <summary>Files are recognised by their bytes: real DICOM (written by the library and pydicom's corpus), NIfTI headers, real archives.</summary>
public sealed class ContentSnifferTests
{
    private const string Pydicom = "/usr/lib/python3/dist-packages/pydicom/data/test_files";

    [Fact]
    public void A_part_10_dicom_file_is_dicom_whatever_its_name()
    {
        var sniffed = ContentSniffer.Sniff(Head(SyntheticCtSeries.CreateFile()));
        Assert.Equal(ContentKind.Dicom, sniffed.Kind);
    }

    [Fact]
    public void A_dicom_data_set_without_preamble_is_dicom_too()
    {
        Assert.Equal(ContentKind.Dicom, ContentSniffer.Sniff(Head(File.ReadAllBytes(Path.Combine(Pydicom, "ExplVR_LitEndNoMeta.dcm")))).Kind);
        // Implicit VR: group 0008, a short length, then the next element of the same group.
        byte[] implicitVr = [0x08, 0x00, 0x05, 0x00, 0x0A, 0x00, 0x00, 0x00, .. "ISO_IR 100"u8, 0x08, 0x00, 0x08, 0x00, 0x02, 0x00, 0x00, 0x00, .. "AB"u8];
        Assert.Equal(ContentKind.Dicom, ContentSniffer.Sniff(implicitVr).Kind);
    }

    [Fact]
    public void A_gzipped_dicom_file_is_named_as_such()
    {
        var sniffed = ContentSniffer.Sniff(Head(File.ReadAllBytes(Path.Combine(Pydicom, "zipMR.gz"))));
        Assert.Equal(ContentKind.Dicom, sniffed.Kind);
        Assert.Equal("gzip-wrapped DICOM", sniffed.Format);
    }

    [Theory]
    [InlineData("n+1", false, "NIfTI-1")]
    [InlineData("ni1", false, "NIfTI-1")]
    [InlineData("n+1", true, "NIfTI-1")]
    public void A_nifti_header_is_nifti_in_either_byte_order(string magic, bool bigEndian, string format)
    {
        var sniffed = ContentSniffer.Sniff(Nifti1(magic, bigEndian));
        Assert.Equal(new SniffedContent(ContentKind.Nifti, format), sniffed);
    }

    [Fact]
    public void A_gzipped_nifti_is_opened_and_named()
    {
        var sniffed = ContentSniffer.Sniff(Head(Gzip([.. Nifti1("n+1", false), .. new byte[4096]])));
        Assert.Equal(new SniffedContent(ContentKind.Nifti, "gzip-wrapped NIfTI-1"), sniffed);
    }

    [Fact]
    public void A_header_of_348_bytes_without_the_magic_is_not_nifti()
    {
        var header = Nifti1("n+1", false);
        header[344] = (byte)'x';
        Assert.Equal(ContentKind.Other, ContentSniffer.Sniff(header).Kind);
    }

    [Theory]
    [InlineData(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13 }, "PNG")]
    [InlineData(new byte[] { 0xFF, 0xD8, 0xFF, 0xE0, 0, 16, 0x4A, 0x46 }, "JPEG")]
    [InlineData(new byte[] { 0x49, 0x49, 0x2A, 0x00, 8, 0, 0, 0 }, "TIFF")]
    [InlineData(new byte[] { 0x4D, 0x4D, 0x00, 0x2A, 0, 0, 0, 8 }, "TIFF")]
    [InlineData(new byte[] { 0x47, 0x49, 0x46, 0x38, 0x39, 0x61, 1, 0 }, "GIF")]
    [InlineData(new byte[] { 0x42, 0x4D, 70, 0, 0, 0, 0, 0, 0, 0, 54, 0, 0, 0, 40, 0, 0, 0 }, "BMP")]
    public void Pictures_are_recognised_by_their_magic(byte[] head, string format) =>
        Assert.Equal(new SniffedContent(ContentKind.Image, format), ContentSniffer.Sniff(head));

    [Fact]
    public void Text_that_starts_like_a_bitmap_is_not_one() =>
        Assert.Equal(ContentKind.Other, ContentSniffer.Sniff("BMI per group, 2024 cohort\n"u8).Kind);

    [Fact]
    public void Zip_tar_gzip_and_7z_archives_are_archives()
    {
        using var zip = new MemoryStream();
        using (var archive = new ZipArchive(zip, ZipArchiveMode.Create, leaveOpen: true))
        {
            using var entry = new StreamWriter(archive.CreateEntry("results.csv").Open());
            entry.Write("a,b\n1,2\n");
        }

        using var tar = new MemoryStream();
        using (var writer = new TarWriter(tar, TarEntryFormat.Pax, leaveOpen: true))
        {
            writer.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, "results.csv") { DataStream = new MemoryStream("a,b\n1,2\n"u8.ToArray()) });
        }

        Assert.Equal(new SniffedContent(ContentKind.Archive, "zip"), ContentSniffer.Sniff(Head(zip.ToArray())));
        Assert.Equal(new SniffedContent(ContentKind.Archive, "tar"), ContentSniffer.Sniff(Head(tar.ToArray())));
        Assert.Equal(new SniffedContent(ContentKind.Archive, "tar.gz"), ContentSniffer.Sniff(Head(Gzip(tar.ToArray()))));
        Assert.Equal(new SniffedContent(ContentKind.Archive, "gzip"), ContentSniffer.Sniff(Head(Gzip("a,b\n1,2\n"u8.ToArray()))));
        Assert.Equal(new SniffedContent(ContentKind.Archive, "7z"), ContentSniffer.Sniff([0x37, 0x7A, 0xBC, 0xAF, 0x27, 0x1C, 0, 4]));
    }

    [Fact]
    public void Text_and_json_are_nothing_in_particular()
    {
        Assert.Equal(ContentKind.Other, ContentSniffer.Sniff(Head(File.ReadAllBytes(Path.Combine(Pydicom, "README.txt")))).Kind);
        Assert.Equal(ContentKind.Other, ContentSniffer.Sniff(Head(File.ReadAllBytes(Path.Combine(Pydicom, "test1.json")))).Kind);
        Assert.Equal(ContentKind.Other, ContentSniffer.Sniff([]).Kind);
    }

    /// <summary>A NIfTI-1 header: sizeof_hdr 348, the magic at 344, in the given byte order.</summary>
    internal static byte[] Nifti1(string magic, bool bigEndian)
    {
        var header = new byte[352];
        if (bigEndian)
        {
            System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(header, 348);
        }
        else
        {
            System.Buffers.Binary.BinaryPrimitives.WriteInt32LittleEndian(header, 348);
        }

        Encoding.ASCII.GetBytes(magic).CopyTo(header, 344);
        return header;
    }

    internal static byte[] Gzip(byte[] content)
    {
        using var compressed = new MemoryStream();
        using (var gzip = new GZipStream(compressed, CompressionLevel.Optimal, leaveOpen: true))
        {
            gzip.Write(content);
        }

        return compressed.ToArray();
    }

    private static byte[] Head(byte[] file) => file[..Math.Min(file.Length, ContentSniffer.HeadLength)];
}
