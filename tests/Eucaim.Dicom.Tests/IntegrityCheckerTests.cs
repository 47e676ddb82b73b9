using System.Buffers.Binary;
using Eucaim.Dicom.Synthetic;
using Eucaim.Dicom.Tests.Infrastructure;

namespace Eucaim.Dicom.Tests;

public sealed class IntegrityCheckerTests
{
    private static readonly string ExplicitLittle = DicomTransferSyntax.ExplicitVRLittleEndian.Uid;

    private static DicomFileReport Check(byte[] bytes) => new DicomIntegrityChecker().Check(new MemoryStream(bytes), "crafted");

    private static void AssertFinding(DicomFileReport report, string code, DicomFindingSeverity severity)
    {
        Assert.True(report.Findings.Any(f => f.Code == code && f.Severity == severity),
            $"expected {severity} {code}, got: {string.Join("; ", report.Findings)}");
    }

    [Fact]
    public void AValidInstanceHasNoErrors()
    {
        var report = Check(SyntheticCtSeries.CreateFile());

        Assert.False(report.HasErrors, string.Join("; ", report.Findings));
        Assert.Equal(SyntheticCtSeries.SopInstanceUid(1, 0), report.SopInstanceUid);
    }

    [Fact]
    public void TruncationAnywhereIsAnError()
    {
        var bytes = SyntheticCtSeries.CreateFile();
        foreach (var cut in new[] { 140, 300, 700, bytes.Length - 10 })
        {
            // A seekable input shows the cut as a length running past the end; a stream only when it ends.
            var report = Check(bytes[..cut]);
            Assert.True(report.Findings.Any(f => f.Severity == DicomFindingSeverity.Error && f.Code is DicomFindingCodes.Truncated or DicomFindingCodes.LengthPastEnd),
                $"cut at {cut}: {string.Join("; ", report.Findings)}");
            var streamed = new DicomIntegrityChecker().Check(new NonSeekableStream(new MemoryStream(bytes[..cut])));
            AssertFinding(streamed, DicomFindingCodes.Truncated, DicomFindingSeverity.Error);
        }

        // Cut inside the preamble nothing identifies the bytes as DICOM any more.
        AssertFinding(Check(bytes[..100]), DicomFindingCodes.NotDicom, DicomFindingSeverity.Error);

        AssertFinding(new DicomIntegrityChecker().CheckFile(TestCorpus.File("MR_truncated.dcm")), DicomFindingCodes.Truncated, DicomFindingSeverity.Error);
    }

    [Fact]
    public void InvalidVRIsAnError()
    {
        var bytes = RawDicomBuilder.Part10(ExplicitLittle).MinimalInstance().Explicit(0x0018, 0x0050, "ZZ", "1.0 "u8.ToArray()).ToArray();

        AssertFinding(Check(bytes), DicomFindingCodes.InvalidVR, DicomFindingSeverity.Error);
    }

    [Fact]
    public void LengthPastTheEndIsAnError()
    {
        var bytes = RawDicomBuilder.Part10(ExplicitLittle).MinimalInstance().Explicit(0x0010, 0x4000, "LT", "short"u8.ToArray(), declaredLength: 4000).ToArray();

        AssertFinding(Check(bytes), DicomFindingCodes.LengthPastEnd, DicomFindingSeverity.Error);
    }

    [Fact]
    public void OddLengthIsAWarning()
    {
        var bytes = RawDicomBuilder.Part10(ExplicitLittle).MinimalInstance().Explicit(0x0018, 0x1030, "LO", "odd"u8.ToArray()).ToArray();

        AssertFinding(Check(bytes), DicomFindingCodes.OddLength, DicomFindingSeverity.Warning);
    }

    [Fact]
    public void EachMissingRequiredAttributeIsReported()
    {
        var bytes = RawDicomBuilder.Part10(ExplicitLittle).ExplicitText(0x0008, 0x0060, "CS", "CT").ToArray();
        var report = Check(bytes);

        foreach (var tag in new[] { DicomTags.SopClassUid, DicomTags.SopInstanceUid, DicomTags.StudyInstanceUid, DicomTags.SeriesInstanceUid, DicomTags.PatientId })
        {
            Assert.Contains(report.Findings, f => f.Code == DicomFindingCodes.MissingAttribute && f.Tag == tag && f.Severity == DicomFindingSeverity.Error);
        }

        Assert.DoesNotContain(report.Findings, f => f.Code == DicomFindingCodes.MissingAttribute && f.Tag == DicomTags.Modality);
    }

    [Fact]
    public void DatasetEncodedDifferentlyFromItsTransferSyntaxIsAnError()
    {
        // Declared explicit VR little endian, but the dataset is implicit VR.
        var bytes = RawDicomBuilder.Part10(ExplicitLittle)
            .ImplicitText(0x0008, 0x0016, "1.2.840.10008.5.1.4.1.1.2")
            .ImplicitText(0x0008, 0x0018, "1.2.3.4")
            .ImplicitText(0x0008, 0x0060, "CT")
            .ImplicitText(0x0010, 0x0020, "P1")
            .ImplicitText(0x0020, 0x000D, "1.2.3")
            .ImplicitText(0x0020, 0x000E, "1.2.3.1")
            .ToArray();
        var report = Check(bytes);

        AssertFinding(report, DicomFindingCodes.TransferSyntaxMismatch, DicomFindingSeverity.Error);
        Assert.DoesNotContain(report.Findings, f => f.Code == DicomFindingCodes.MissingAttribute);
    }

    [Fact]
    public void EncapsulatedPixelDataUnderANativeTransferSyntaxIsAnError()
    {
        var bytes = RawDicomBuilder.Part10(ExplicitLittle).MinimalInstance()
            .Explicit(0x7FE0, 0x0010, "OB", [], declaredLength: 0xFFFFFFFF)
            .Header(0xFFFE, 0xE000, 0).Header(0xFFFE, 0xE000, 4).Raw([1, 2, 3, 4]).Header(0xFFFE, 0xE0DD, 0)
            .ToArray();

        AssertFinding(Check(bytes), DicomFindingCodes.TransferSyntaxMismatch, DicomFindingSeverity.Error);
    }

    [Fact]
    public void PixelDataSizeMustMatchTheImageAttributes()
    {
        var ok = SyntheticCtSeries.CreateFile(rows: 16, columns: 16);
        Assert.DoesNotContain(Check(ok).Findings, f => f.Code == DicomFindingCodes.PixelDataSizeMismatch);

        // Same file, but Columns says 17: 16 x 17 x 16 bits is not what the 512 bytes of pixel data hold.
        var wrong = SyntheticCtSeries.CreateFile(rows: 16, columns: 16, edit: d => d.SetUInt16(DicomTags.Columns, 17));
        AssertFinding(Check(wrong), DicomFindingCodes.PixelDataSizeMismatch, DicomFindingSeverity.Error);

        var frames = SyntheticCtSeries.CreateFile(rows: 16, columns: 16, edit: d => d.SetString(DicomTags.NumberOfFrames, DicomVR.IS, "2"));
        AssertFinding(Check(frames), DicomFindingCodes.PixelDataSizeMismatch, DicomFindingSeverity.Error);
    }

    [Fact]
    public void CorpusPixelDataSizesAreJudgedByPhotometricInterpretationAndFrames()
    {
        var checker = new DicomIntegrityChecker();

        // MR_small_padded.dcm carries 128 bytes more pixel data than 64 x 64 x 16 bits.
        AssertFinding(checker.CheckFile(TestCorpus.File("MR_small_padded.dcm")), DicomFindingCodes.PixelDataSizeMismatch, DicomFindingSeverity.Error);

        // YBR_FULL_422 shares chroma between pixel pairs: two samples' worth per pixel, not three.
        Assert.DoesNotContain(checker.CheckFile(TestCorpus.File("SC_ybr_full_422_uncompressed.dcm")).Findings, f => f.Code == DicomFindingCodes.PixelDataSizeMismatch);

        // badVR.dcm: Number of Frames "1A" is not an integer, so the size cannot be judged.
        AssertFinding(checker.CheckFile(TestCorpus.File("badVR.dcm")), DicomFindingCodes.InvalidValue, DicomFindingSeverity.Error);
        Assert.DoesNotContain(checker.CheckFile(TestCorpus.File("MR_small.dcm")).Findings, f => f.Severity == DicomFindingSeverity.Error);
    }

    [Fact]
    public void ALengthClaimingFourGigabytesIsReportedWithoutAllocatingIt()
    {
        var bytes = RawDicomBuilder.Part10(ExplicitLittle).MinimalInstance().Explicit(0x0042, 0x0011, "OB", new byte[16], declaredLength: 0xFFFFFFF0).ToArray();
        foreach (var stream in new Stream[] { new MemoryStream(bytes), new NonSeekableStream(new MemoryStream(bytes)) })
        {
            var before = GC.GetAllocatedBytesForCurrentThread();
            var read = DicomReader.Read(stream);
            var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

            Assert.Contains(read.Findings, f => f.Severity == DicomFindingSeverity.Error && f.Tag == new DicomTag(0x0042, 0x0011));
            Assert.True(allocated < 4 * 1024 * 1024, $"allocated {allocated} bytes for a 4 GB claim");
        }
    }

    [Fact]
    public void DuplicateSopInstanceUidsAcrossASetAreAnError()
    {
        var directory = Directory.CreateTempSubdirectory("eucaim-dicom-dup-");
        try
        {
            var paths = SyntheticCtSeries.Write(directory.FullName, 3, rows: 8, columns: 8);
            var copy = Path.Combine(directory.FullName, "copy-of-first.dcm");
            File.Copy(paths[0], copy);

            var report = new DicomIntegrityChecker().CheckSet([.. paths, copy]);

            var duplicate = Assert.Single(report.SetFindings);
            Assert.Equal(DicomFindingCodes.DuplicateSopInstanceUid, duplicate.Code);
            Assert.Equal(DicomFindingSeverity.Error, duplicate.Severity);
            Assert.Contains(copy, duplicate.Message, StringComparison.Ordinal);
            Assert.All(report.Files, f => Assert.False(f.HasErrors));
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [Fact]
    public void MissingFilesAreFindingsNotExceptions()
    {
        var report = new DicomIntegrityChecker().CheckFile("/nonexistent/eucaim.dcm");

        Assert.True(report.HasErrors);
        Assert.Equal(DicomFindingCodes.ReadError, report.Findings[0].Code);
    }

    [Fact]
    public void MetaAndDatasetDisagreeingOnTheInstanceIsReported()
    {
        var bytes = SyntheticCtSeries.CreateFile();
        var read = DicomReader.ReadHeader(new MemoryStream(bytes));
        var uid = read.FileMetaInformation.GetString(DicomTags.MediaStorageSopInstanceUid)!;
        var index = bytes.AsSpan().IndexOf(System.Text.Encoding.ASCII.GetBytes(uid));
        bytes[index + uid.Length - 1] = (byte)(bytes[index + uid.Length - 1] == '1' ? '2' : '1');

        AssertFinding(Check(bytes), DicomFindingCodes.MetaInformationMismatch, DicomFindingSeverity.Warning);
        Assert.True(BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(132)) == 2);
    }
}
