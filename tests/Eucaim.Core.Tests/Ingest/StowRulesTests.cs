using Eucaim.Core.Ingest;
using Eucaim.Dicom;

namespace Eucaim.Core.Tests.Ingest;

public sealed class StowRulesTests
{
    private static readonly DicomIndexRecord Record = new() { StudyInstanceUid = "1.2", SopClassUid = "1.2.840.10008.5.1.4.1.1.2", SopInstanceUid = "1.2.3" };

    [Theory]
    [InlineData(null, true)]
    [InlineData("application/dicom", true)]
    [InlineData("Application/DICOM; transfer-syntax=*", true)]
    [InlineData("application/json", false)]
    public void A_part_is_an_instance_when_it_is_application_dicom(string? contentType, bool expected)
    {
        Assert.Equal(expected, StowRules.IsDicomPart(contentType));
    }

    [Fact]
    public void An_instance_of_another_study_fails_with_its_reason()
    {
        var (stored, failed) = StowRules.Report(new StoreOutcome(IngestFileState.Stored, [], Record), 1, "9.9");

        Assert.Null(stored);
        Assert.Equal(StowRules.StudyUidMismatch, failed?.Reason);
    }

    [Fact]
    public void An_instance_the_version_holds_is_stored()
    {
        var (stored, failed) = StowRules.Report(new StoreOutcome(IngestFileState.Duplicate, [], Record), 1, "1.2");

        Assert.Equal(new StowStored(Record.SopClassUid, "1.2.3", "1.2", null), stored);
        Assert.Null(failed);
    }

    [Fact]
    public void A_part_that_is_not_DICOM_cannot_be_understood()
    {
        var outcome = new StoreOutcome(IngestFileState.Rejected, [IngestFindings.Error(IngestFindings.NotDicom, "part 1 is not a DICOM file.")]);

        var (_, failed) = StowRules.Report(outcome, 1, null);

        Assert.Equal(StowRules.CannotUnderstand, failed?.Reason);
        Assert.Equal($"{IngestFindings.NotDicom}: part 1 is not a DICOM file.", failed?.Message);
    }

    [Fact]
    public void The_verdict_is_all_some_or_none()
    {
        var ok = new StowStored(null, "1");
        var bad = new StowFailed(null, null, StowRules.ProcessingFailure, "no");

        Assert.Equal(StowVerdict.AllStored, new StowResult([ok], []).Verdict);
        Assert.Equal(StowVerdict.SomeFailed, new StowResult([ok], [bad]).Verdict);
        Assert.Equal(StowVerdict.NoneStored, new StowResult([], [bad]).Verdict);
    }
}
