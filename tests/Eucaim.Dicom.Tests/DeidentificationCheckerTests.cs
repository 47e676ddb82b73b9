using Eucaim.Dicom.Synthetic;
using Eucaim.Dicom.Tests.Infrastructure;

namespace Eucaim.Dicom.Tests;

public sealed class DeidentificationCheckerTests
{
    private static DicomDataset Deidentified(byte[] file, DeidentificationOptions options)
    {
        using var output = new MemoryStream();
        Assert.True(new DicomDeidentifier(options).Deidentify(new MemoryStream(file), output).Succeeded);
        return DicomReader.Read(new MemoryStream(output.ToArray())).Dataset;
    }

    [Fact]
    public void OurOwnOutputIsClean()
    {
        var report = new DeidentificationChecker().Check(Deidentified(SyntheticCtSeries.CreateFile(), DeidentifierTests.Options()));

        Assert.False(report.HasResidualIdentifyingInformation, string.Join("; ", report.Findings));
    }

    [Fact]
    public void OriginalDataIsRefusedWithEachKindOfResidue()
    {
        var dataset = DicomReader.ReadHeader(new MemoryStream(SyntheticCtSeries.CreateFile(edit: d =>
        {
            d.SetString(new DicomTag(0x0020, 0x4000), DicomVR.LT, "Seen by Dr Who");
            d.SetString(DicomTags.PatientIdentityRemoved, DicomVR.CS, "YES");
        }))).Dataset;

        var report = new DeidentificationChecker().Check(dataset);

        Assert.True(report.HasResidualIdentifyingInformation);
        foreach (var tag in new[] { DicomTags.PatientName, DicomTags.PatientId, DicomTags.PatientBirthDate, DicomTags.InstitutionName,
                     DicomTags.InstitutionAddress, DicomTags.ReferringPhysicianName, new DicomTag(0x0008, 0x1070), DicomTags.AccessionNumber })
        {
            Assert.Contains(report.Findings, f => f.Tag == tag && f.Severity == DicomFindingSeverity.Error);
        }

        Assert.Contains(report.Findings, f => f.Code == DicomFindingCodes.ResidualPrivateAttribute);
        Assert.Contains(report.Findings, f => f.Code == DicomFindingCodes.ResidualDate && f.Tag == DicomTags.StudyDate);
        Assert.Contains(report.Findings, f => f.Code == DicomFindingCodes.ResidualIdentifyingInformation && f.Tag == new DicomTag(0x0020, 0x4000));

        // Findings must be safe to log: they name attributes, never their values.
        Assert.DoesNotContain(report.Findings, f => f.Message.Contains("Pérez", StringComparison.Ordinal) || f.Message.Contains("PAT0", StringComparison.Ordinal));
    }

    [Fact]
    public void DataNotDeclaredAnonymisedIsRefused()
    {
        var dataset = Deidentified(SyntheticCtSeries.CreateFile(), DeidentifierTests.Options());
        dataset.Remove(DicomTags.PatientIdentityRemoved);

        var report = new DeidentificationChecker().Check(dataset);

        Assert.Contains(report.Findings, f => f.Code == DicomFindingCodes.NotDeclaredDeidentified);
        Assert.True(report.HasResidualIdentifyingInformation);
    }

    [Fact]
    public void NamesHiddenInSequencesAndFreeTextAreFound()
    {
        var dataset = Deidentified(SyntheticCtSeries.CreateFile(), DeidentifierTests.Options());
        var observer = new DicomDataset();
        observer.SetString(new DicomTag(0x0040, 0xA075), DicomVR.PN, "Smith^Anna");
        dataset.SetSequence(new DicomTag(0x0040, 0xA073), observer);
        dataset.SetString(new DicomTag(0x0018, 0x1030), DicomVR.LO, "protocol for Smith^Anna");

        var report = new DeidentificationChecker().Check(dataset);

        Assert.Contains(report.Findings, f => f.Tag == new DicomTag(0x0040, 0xA075) && f.Severity == DicomFindingSeverity.Error
            && f.Message.Contains("(0040,A073)", StringComparison.Ordinal));
        Assert.Contains(report.Findings, f => f.Code == DicomFindingCodes.ResidualFreeText && f.Tag == new DicomTag(0x0018, 0x1030));
    }

    [Fact]
    public void ShiftedDatesAreAcceptedWhenDeclared()
    {
        var report = new DeidentificationChecker().Check(Deidentified(SyntheticCtSeries.CreateFile(), DeidentifierTests.Options(o => o with { DateShiftDays = -30 })));

        Assert.DoesNotContain(report.Findings, f => f.Code == DicomFindingCodes.ResidualDate);
        Assert.False(report.HasResidualIdentifyingInformation, string.Join("; ", report.Findings));
    }

    [Fact]
    public void CorpusFilesThatClaimNothingAreRefused()
    {
        var report = new DeidentificationChecker().CheckFile(TestCorpus.File("CT_small.dcm"));

        Assert.True(report.HasResidualIdentifyingInformation);
        Assert.Contains(report.Findings, f => f.Tag == DicomTags.PatientName);
    }
}
