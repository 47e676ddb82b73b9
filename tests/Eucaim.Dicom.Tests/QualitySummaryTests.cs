using Eucaim.Dicom.Synthetic;

namespace Eucaim.Dicom.Tests;

public sealed class QualitySummaryTests
{
    private static DicomIndexRecord Record(int seed, int index, double spacing = 2.5, int rows = 16, Action<DicomDataset>? edit = null)
    {
        var header = SyntheticCtSeries.CreateHeader(seed, index, rows, rows, spacing);
        edit?.Invoke(header);
        return new DicomTagExtractor().Extract(header);
    }

    [Fact]
    public void ACompleteRegularSeriesHasNoFindings()
    {
        var summary = DicomQualitySummary.Create(Enumerable.Range(0, 40).Select(i => Record(1, i)));

        Assert.Empty(summary.Findings);
        var series = Assert.Single(summary.Series);
        Assert.True(series.IsComplete);
        Assert.Equal(40, series.InstanceCount);
        Assert.Equal(1, series.FirstInstanceNumber);
        Assert.Equal(40, series.LastInstanceNumber);
        Assert.True(series.SliceSpacing!.IsConsistent);
        Assert.Equal(2.5, series.SliceSpacing.Median, 6);
        Assert.Equal(40, series.ImageSizes["16x16"]);
        Assert.Equal(40, summary.ModalityCounts["CT"]);
    }

    [Fact]
    public void GapsInInstanceNumbersAreReported()
    {
        var records = Enumerable.Range(0, 20).Where(i => i is not (5 or 6 or 12)).Select(i => Record(1, i));

        var summary = DicomQualitySummary.Create(records);

        var series = Assert.Single(summary.Series);
        Assert.Equal([6, 7, 13], series.MissingInstanceNumbers);
        Assert.Contains(summary.Findings, f => f.Code == DicomFindingCodes.SeriesIncomplete);

        // The missing slices also show as an irregular spacing.
        Assert.False(series.SliceSpacing!.IsConsistent);
        Assert.Contains(summary.Findings, f => f.Code == DicomFindingCodes.InconsistentSliceSpacing);
    }

    [Fact]
    public void InconsistentSpacingDuplicatesAndMixedSizesAreReported()
    {
        var records = Enumerable.Range(0, 10).Select(i => Record(2, i)).ToList();
        records[4] = records[4] with { ImagePositionPatient = [-250, -250, -9.0] };
        records.Add(records[9] with { SopInstanceUid = "1.2.3" });
        records.Add(Record(2, 10, rows: 32));

        var summary = DicomQualitySummary.Create(records.Concat(Enumerable.Range(0, 5).Select(i => Record(3, i, edit: d => d.SetString(DicomTags.Modality, DicomVR.CS, "MR")))));

        Assert.Equal(2, summary.Series.Count);
        Assert.Equal(12, summary.ModalityCounts["CT"]);
        Assert.Equal(5, summary.ModalityCounts["MR"]);
        var ct = summary.Series.Single(s => s.Modality == "CT");
        Assert.Equal([10], ct.DuplicateInstanceNumbers);
        Assert.False(ct.SliceSpacing!.IsConsistent);
        Assert.Equal(2, ct.ImageSizes.Count);
        Assert.Contains(summary.Findings, f => f.Code == DicomFindingCodes.DuplicateInstanceNumber);
        Assert.Contains(summary.Findings, f => f.Code == DicomFindingCodes.MixedImageSizes);
        Assert.Contains(summary.Findings, f => f.Code == DicomFindingCodes.InconsistentSliceSpacing);
        Assert.True(summary.Series.Single(s => s.Modality == "MR").IsComplete);
    }
}
