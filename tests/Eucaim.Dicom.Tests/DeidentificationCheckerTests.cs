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
            && f.Message.Contains("VerifyingObserverName at (0040,A073)[0]/(0040,A075): ", StringComparison.Ordinal));
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

    [Fact]
    public void StationNameDeviceSerialNumberAndStudyIdAreFlagged()
    {
        var dataset = Deidentified(SyntheticCtSeries.CreateFile(), DeidentifierTests.Options());
        dataset.SetString(DicomTags.StationName, DicomVR.SH, "CT-ROOM-2");
        dataset.SetString(new DicomTag(0x0018, 0x1000), DicomVR.LO, "SN-998877");
        dataset.SetString(DicomTags.StudyId, DicomVR.SH, "S1234");

        var report = new DeidentificationChecker().Check(dataset);

        foreach (var tag in new[] { DicomTags.StationName, new DicomTag(0x0018, 0x1000), DicomTags.StudyId })
        {
            Assert.Contains(report.Findings, f => f.Tag == tag && f.Severity == DicomFindingSeverity.Error && f.Code == DicomFindingCodes.ResidualIdentifyingInformation);
        }
    }

    /// <summary>
    /// The checker's list is the profile table itself: every attribute the Basic Profile names (UIDs aside, which
    /// cannot be told from replacements) is flagged when it still holds a real value, and every sequence the profile
    /// leaves absent or empty is flagged when it has items.
    /// </summary>
    [Fact]
    public void EveryBasicProfileAttributeHoldingAValueIsFlagged()
    {
        var clean = Deidentified(SyntheticCtSeries.CreateFile(), DeidentifierTests.Options());
        var missed = new List<string>();
        var checkedAttributes = 0;
        foreach (var (tag, code) in ConfidentialityProfile.Entries)
        {
            if (code is "U" or "X/Z/U*" || tag.Group == 0x0002 || tag.Group == 0x0000 || tag.Group >= 0xFFFA || DicomDictionary.Find(tag) is not { } entry)
            {
                continue;
            }

            var vr = entry.DefaultVR;
            var dataset = clean.Clone();
            if (vr == DicomVR.SQ)
            {
                if (code is not ("X" or "Z" or "X/Z"))
                {
                    continue;
                }

                var item = new DicomDataset();
                item.SetString(DicomTags.CodeMeaning, DicomVR.LO, "Hospital Uno");
                dataset.SetSequence(tag, item);
            }
            else if (vr.IsString)
            {
                dataset.SetString(tag, vr, SampleValue(vr));
            }
            else
            {
                dataset.Set(new DicomElement(tag, vr, new byte[] { 1, 2, 3, 4, 5, 6, 7, 8 }.AsMemory(0, Math.Max(vr.BinaryUnitSize, 2))));
            }

            checkedAttributes++;
            var findings = new DeidentificationChecker().Check(dataset).Findings.Where(f => f.Tag == tag).ToList();
            var isDate = vr == DicomVR.DA || vr == DicomVR.DT || vr == DicomVR.TM;
            var flagged = isDate && tag != DicomTags.PatientBirthDate
                ? findings.Any(f => f.Code == DicomFindingCodes.ResidualDate)
                : findings.Any(f => f.Severity == DicomFindingSeverity.Error);
            if (!flagged)
            {
                missed.Add($"{tag} {DicomDictionary.KeywordOf(tag)} ({code}, {vr})");
            }
        }

        Assert.True(missed.Count == 0, $"{missed.Count} profile attribute(s) not flagged:\n" + string.Join('\n', missed));
        Assert.True(checkedAttributes > 500, $"only {checkedAttributes} profile attributes checked");
    }

    private static string SampleValue(DicomVR vr) => vr.ToString() switch
    {
        "DA" => "20240312",
        "TM" => "101500",
        "DT" => "20240312101500",
        "AS" => "045Y",
        "DS" => "12.5",
        "IS" => "7",
        "CS" => "VALUE1",
        "AE" => "STATION7",
        "UR" => "http://hospital.example/patient/1",
        "PN" => "Smith^Anna",
        _ => "Hospital Uno 1234",
    };
}
