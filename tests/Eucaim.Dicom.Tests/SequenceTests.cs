using Eucaim.Dicom.Tests.Infrastructure;

namespace Eucaim.Dicom.Tests;

public sealed class SequenceTests
{
    [Fact]
    public void DefinedLengthSequencesAndItemsAreRead()
    {
        // CT_small.dcm: Other Patient IDs Sequence with explicit lengths, two items.
        var read = DicomReader.ReadFile(TestCorpus.File("CT_small.dcm"));
        var sequence = read.Dataset.GetElement(new DicomTag(0x0010, 0x1002));

        Assert.NotNull(sequence);
        Assert.True(sequence!.IsSequence);
        Assert.Equal(2, sequence.Items.Count);
        Assert.Equal("ABCD1234", sequence.Items[0].GetString(DicomTags.PatientId));
        Assert.Same(read.Dataset, sequence.Items[0].Parent);
    }

    [Fact]
    public void DeeplyNestedUndefinedLengthSequencesAreRead()
    {
        // test-SR.dcm: a structured report with many levels of Content Sequence.
        var read = DicomReader.ReadFile(TestCorpus.File("test-SR.dcm"));
        Assert.True(read.IsComplete);
        static int Depth(DicomDataset dataset) =>
            dataset.Where(e => e.IsSequence).SelectMany(e => e.Items).Select(item => 1 + Depth(item)).DefaultIfEmpty(0).Max();

        Assert.True(Depth(read.Dataset) >= 4, $"depth {Depth(read.Dataset)}");
    }

    [Fact]
    public void UndefinedLengthUnIsReadAsImplicitSequence()
    {
        // UN_sequence.dcm: a private UN element of undefined length holding implicit VR items (CP-246).
        var read = DicomReader.ReadFile(TestCorpus.File("UN_sequence.dcm"));
        var element = read.Dataset.GetElement(new DicomTag(0x4453, 0x100C));

        Assert.NotNull(element);
        Assert.True(element!.IsSequence);
        var referenced = element.Items[0].GetElement(new DicomTag(0x0008, 0x1115))!.Items[0].GetElement(new DicomTag(0x0008, 0x1199))!.Items[0];
        Assert.Equal("1.2.840.113619.2.327.3.185221411.476.1398588726.278.80", referenced.GetString(new DicomTag(0x0008, 0x1155)));
    }

    [Fact]
    public void EmptyItemsAndEmptySequencesAreKept()
    {
        var bytes = RawDicomBuilder.Part10(DicomTransferSyntax.ExplicitVRLittleEndian.Uid)
            .MinimalInstance()
            .SequenceStart(0x0040, 0x0275)
            .Header(0xFFFE, 0xE000, 0xFFFFFFFF).Header(0xFFFE, 0xE00D, 0)
            .Header(0xFFFE, 0xE000, 0)
            .Header(0xFFFE, 0xE0DD, 0)
            .SequenceStart(0x0040, 0xA730, 0)
            .ToArray();

        var read = DicomReader.Read(new MemoryStream(bytes));

        Assert.True(read.IsComplete, string.Join("; ", read.Findings));
        Assert.Equal(2, read.Dataset.GetElement(new DicomTag(0x0040, 0x0275))!.Items.Count);
        Assert.Empty(read.Dataset.GetElement(new DicomTag(0x0040, 0xA730))!.Items);
    }

    [Fact]
    public void NestingBeyondTheLimitIsAFinding()
    {
        var builder = RawDicomBuilder.Part10(DicomTransferSyntax.ExplicitVRLittleEndian.Uid).MinimalInstance();
        for (var i = 0; i < 100; i++)
        {
            builder.SequenceStart(0x0040, 0xA730).Header(0xFFFE, 0xE000, 0xFFFFFFFF);
        }

        var read = DicomReader.Read(new MemoryStream(builder.ToArray()), new DicomReaderOptions { MaxSequenceDepth = 32 });

        Assert.Contains(read.Findings, f => f.Code == DicomFindingCodes.SequenceTooDeep);
        Assert.False(read.IsComplete);
    }
}
