using Eucaim.Dicom.Tests.Infrastructure;

namespace Eucaim.Dicom.Tests;

public sealed class ReaderTests
{
    [Theory]
    [InlineData("MR_small.dcm", "1.2.840.10008.1.2.1", false)]
    [InlineData("MR_small_implicit.dcm", "1.2.840.10008.1.2", false)]
    [InlineData("MR_small_bigendian.dcm", "1.2.840.10008.1.2.2", false)]
    [InlineData("image_dfl.dcm", "1.2.840.10008.1.2.1.99", false)]
    [InlineData("MR_small_RLE.dcm", "1.2.840.10008.1.2.5", true)]
    [InlineData("JPEG2000.dcm", "1.2.840.10008.1.2.4.91", true)]
    [InlineData("MR_small_jp2klossless.dcm", "1.2.840.10008.1.2.4.90", true)]
    [InlineData("MR_small_jpeg_ls_lossless.dcm", "1.2.840.10008.1.2.4.80", true)]
    [InlineData("JPEG-lossy.dcm", "1.2.840.10008.1.2.4.51", true)]
    [InlineData("SC_rgb_jpeg_dcmtk.dcm", "1.2.840.10008.1.2.4.50", true)]
    public void ReadsEachTransferSyntaxOfTheCorpus(string file, string transferSyntax, bool encapsulated)
    {
        var read = DicomReader.ReadFile(TestCorpus.File(file), headerOnly: false);

        Assert.True(read.IsComplete, string.Join("; ", read.Findings));
        Assert.DoesNotContain(read.Findings, f => f.Severity == DicomFindingSeverity.Error);
        Assert.Equal(transferSyntax, read.TransferSyntax.Uid);
        Assert.NotNull(read.PixelData);
        Assert.Equal(encapsulated, read.PixelData!.IsEncapsulated);
        Assert.False(read.PixelData.IsTruncated);
        Assert.NotNull(read.Dataset.GetString(DicomTags.SopInstanceUid));
        if (encapsulated)
        {
            Assert.True(read.PixelData.FragmentCount >= 2, "basic offset table item plus at least one fragment");
        }
        else
        {
            var rows = read.Dataset.GetInt32(DicomTags.Rows)!.Value;
            var columns = read.Dataset.GetInt32(DicomTags.Columns)!.Value;
            var samples = read.Dataset.GetInt32(DicomTags.SamplesPerPixel)!.Value;
            var bytesPerSample = read.Dataset.GetInt32(DicomTags.BitsAllocated)!.Value / 8;
            Assert.Equal(rows * columns * samples * bytesPerSample, read.PixelData.Length);
        }
    }

    [Fact]
    public void BigEndianImplicitAndExplicitVersionsOfOneImageReadTheSame()
    {
        var reference = DicomReader.ReadFile(TestCorpus.File("MR_small.dcm"));
        foreach (var file in new[] { "MR_small_bigendian.dcm", "MR_small_implicit.dcm" })
        {
            var other = DicomReader.ReadFile(TestCorpus.File(file));
            foreach (var tag in new[] { DicomTags.Rows, DicomTags.Columns, DicomTags.BitsAllocated, DicomTags.PixelRepresentation })
            {
                Assert.Equal(reference.Dataset.GetInt32(tag), other.Dataset.GetInt32(tag));
            }

            Assert.Equal(reference.Dataset.GetString(DicomTags.PatientName), other.Dataset.GetString(DicomTags.PatientName));
            Assert.Equal(reference.Dataset.GetDoubles(DicomTags.ImagePositionPatient), other.Dataset.GetDoubles(DicomTags.ImagePositionPatient));
        }
    }

    [Fact]
    public void BigEndianPixelDataIsCopiedAsLittleEndian()
    {
        byte[] Pixels(string file)
        {
            using var stream = DicomReader.OpenFile(TestCorpus.File(file));
            using var reader = new DicomReader(stream);
            reader.ReadHeader();
            using var copy = new MemoryStream();
            Assert.True(reader.CopyPixelDataTo(copy));
            return copy.ToArray();
        }

        Assert.Equal(Pixels("MR_small.dcm"), Pixels("MR_small_bigendian.dcm"));
    }

    [Fact]
    public void HeaderReadStopsBeforePixelDataWithoutReadingIt()
    {
        var bytes = Synthetic.SyntheticCtSeries.CreateFile(rows: 512, columns: 512);
        var counting = new NonSeekableStream(new MemoryStream(bytes));

        var read = DicomReader.ReadHeader(counting);

        Assert.NotNull(read.PixelData);
        Assert.Equal(512 * 512 * 2, read.PixelData!.Length);
        Assert.False(read.Dataset.Contains(DicomTags.PixelData));
        Assert.True(counting.BytesRead < 32 * 1024, $"read {counting.BytesRead} of {bytes.Length} bytes");
        Assert.Equal(read.PixelData.ValueOffset + read.PixelData.Length, bytes.Length);
    }

    [Fact]
    public void NonSeekableStreamsReadLikeFiles()
    {
        foreach (var file in new[] { "CT_small.dcm", "image_dfl.dcm", "JPEG2000.dcm", "rtplan.dcm", "MR_truncated.dcm" })
        {
            var fromFile = DicomReader.ReadFile(TestCorpus.File(file), headerOnly: false);
            var fromPipe = DicomReader.Read(new NonSeekableStream(File.OpenRead(TestCorpus.File(file))));

            Assert.Equal(fromFile.IsComplete, fromPipe.IsComplete);
            Assert.Equal(fromFile.Dataset.Count, fromPipe.Dataset.Count);
            Assert.Equal(fromFile.Findings.Select(f => f.Code), fromPipe.Findings.Select(f => f.Code));
        }
    }

    [Fact]
    public void BareDatasetsAreReadWithTheirEncodingDetected()
    {
        var little = DicomReader.ReadFile(TestCorpus.File("ExplVR_LitEndNoMeta.dcm"));
        var big = DicomReader.ReadFile(TestCorpus.File("ExplVR_BigEndNoMeta.dcm"));

        Assert.Equal(DicomTransferSyntax.ExplicitVRLittleEndian, little.TransferSyntax);
        Assert.Equal(DicomTransferSyntax.ExplicitVRBigEndian, big.TransferSyntax);
        Assert.Contains(little.Findings, f => f.Code == DicomFindingCodes.MissingFileMetaInformation);
        Assert.Equal(little.Dataset.GetString(new DicomTag(0x300A, 0x0006)), big.Dataset.GetString(new DicomTag(0x300A, 0x0006)));
        Assert.Equal("20150529", big.Dataset.GetString(new DicomTag(0x300A, 0x0006)));
    }

    [Fact]
    public void MissingTransferSyntaxIsInferredFromTheDataset()
    {
        var read = DicomReader.ReadFile(TestCorpus.File("meta_missing_tsyntax.dcm"), headerOnly: false);

        Assert.Contains(read.Findings, f => f.Code == DicomFindingCodes.MissingTransferSyntax);
        Assert.Equal(DicomTransferSyntax.ImplicitVRLittleEndian, read.TransferSyntax);
        Assert.True(read.IsComplete);
    }

    [Fact]
    public void NonDicomInputIsReportedNotThrown()
    {
        foreach (var file in new[] { "README.txt", "test1.json", "zipMR.gz", "rtplan.dump" })
        {
            var read = DicomReader.ReadFile(TestCorpus.File(file));
            Assert.False(read.IsDicom);
            Assert.Contains(read.Findings, f => f.Code == DicomFindingCodes.NotDicom && f.Severity == DicomFindingSeverity.Error);
        }

        var empty = DicomReader.ReadHeader(new MemoryStream());
        Assert.False(empty.IsDicom);
    }

    /// <summary>
    /// A header-only read does not walk the pixel data, but a declared length beyond the bytes left must still show:
    /// a real file cut short, and the same file with its Pixel Data length overwritten with almost 4 GiB.
    /// </summary>
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void AHeaderReadFlagsPixelDataLongerThanTheFile(bool hugeLength)
    {
        var original = File.ReadAllBytes(TestCorpus.File("CT_small.dcm"));
        var complete = DicomReader.ReadHeader(new MemoryStream(original));
        Assert.True(complete.IsComplete);
        var valueOffset = complete.PixelData!.ValueOffset;
        var declared = complete.PixelData.Length!.Value;
        byte[] damaged;
        if (hugeLength)
        {
            damaged = (byte[])original.Clone();
            System.Buffers.Binary.BinaryPrimitives.WriteUInt32LittleEndian(damaged.AsSpan((int)valueOffset - 4), 0xFFFFFFF0);
            declared = 0xFFFFFFF0;
        }
        else
        {
            damaged = original[..(int)(valueOffset + (declared / 2))];
        }

        var path = Path.Combine(Path.GetTempPath(), $"eucaim-truncated-{Guid.NewGuid():N}.dcm");
        File.WriteAllBytes(path, damaged);
        try
        {
            var read = DicomReader.ReadFile(path, headerOnly: true);

            Assert.False(read.IsComplete);
            var finding = Assert.Single(read.Findings, f => f.Code == DicomFindingCodes.Truncated && f.Severity == DicomFindingSeverity.Error);
            Assert.Equal(DicomTags.PixelData, finding.Tag);
            Assert.Contains(declared.ToString(System.Globalization.CultureInfo.InvariantCulture), finding.Message, StringComparison.Ordinal);
            Assert.True(read.PixelData!.IsTruncated);
            Assert.Equal(damaged.Length - valueOffset, read.PixelData.AvailableLength);

            // The de-identifier refuses it before writing anything.
            var target = path + ".out";
            Assert.False(new DicomDeidentifier(DeidentifierTests.Options()).DeidentifyFile(path, target).Succeeded);
            Assert.False(File.Exists(target));
        }
        finally
        {
            File.Delete(path);
        }
    }
}
