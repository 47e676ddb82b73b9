using System.Text;
using Eucaim.Dicom.Synthetic;
using Eucaim.Dicom.Tests.Infrastructure;

namespace Eucaim.Dicom.Tests;

public sealed class DeidentifierTests
{
    internal static readonly byte[] Secret = Encoding.ASCII.GetBytes("site-secret-for-tests-0123456789");

    internal static DeidentificationOptions Options(Func<DeidentificationOptions, DeidentificationOptions>? edit = null)
    {
        var options = new DeidentificationOptions { SiteSecret = Secret };
        return edit is null ? options : edit(options);
    }

    private static DicomReadResult DeidentifyInMemory(byte[] input, DeidentificationOptions options, out DeidentificationResult result)
    {
        using var output = new MemoryStream();
        result = new DicomDeidentifier(options).Deidentify(new MemoryStream(input), output);
        Assert.True(result.Succeeded, string.Join("; ", result.Findings));
        return DicomReader.Read(new MemoryStream(output.ToArray()));
    }

    [Fact]
    public void EachProfileActionIsApplied()
    {
        var input = SyntheticCtSeries.CreateFile(edit: d =>
        {
            d.SetString(new DicomTag(0x0010, 0x1040), DicomVR.LO, "Calle Falsa 123");
            d.SetString(new DicomTag(0x0020, 0x4000), DicomVR.LT, "Patient Pérez said hello");
        });
        var output = DeidentifyInMemory(input, Options(), out var result).Dataset;

        // X: removed.
        Assert.False(output.Contains(new DicomTag(0x0010, 0x1040)));
        Assert.False(output.Contains(DicomTags.InstitutionAddress));
        Assert.False(output.Contains(DicomTags.StudyDescription));
        Assert.False(output.Contains(DicomTags.PatientAge));
        Assert.False(output.Contains(new DicomTag(0x0020, 0x4000)));

        // Z: present, empty.
        Assert.Equal(string.Empty, output.GetString(DicomTags.PatientName));
        Assert.Equal(string.Empty, output.GetString(DicomTags.PatientBirthDate));
        Assert.Equal(string.Empty, output.GetString(DicomTags.AccessionNumber));
        Assert.Equal(string.Empty, output.GetString(DicomTags.StudyDate));
        Assert.Equal(string.Empty, output.GetString(DicomTags.ReferringPhysicianName));

        // X/Z/D and X/D on attributes that are Type 3 in the CT Image IOD: removed.
        Assert.False(output.Contains(DicomTags.InstitutionName));
        Assert.False(output.Contains(new DicomTag(0x0008, 0x1070)));
        Assert.False(output.Contains(DicomTags.StationName));
        Assert.False(output.Contains(new DicomTag(0x0018, 0x1000)));
        Assert.False(output.Contains(new DicomTag(0x0018, 0x1030)));
        Assert.False(output.Contains(DicomTags.SeriesDate));

        // Z: Study ID is Type 2 and the profile allows nothing else.
        Assert.Equal(string.Empty, output.GetString(DicomTags.StudyId));

        // D: dummy where the IOD needs a value (Content Date, Z/D, Type 1 in many IODs), pseudonymous Patient ID.
        Assert.Equal("19000101", output.GetString(DicomTags.ContentDate));
        Assert.Matches("^EUCAIM-[0-9A-F]{20}$", output.GetString(DicomTags.PatientId)!);

        // K: not in the profile, kept.
        Assert.Equal("CT", output.GetString(DicomTags.Modality));
        Assert.Equal("CHEST", output.GetString(DicomTags.BodyPartExamined));
        Assert.Equal(16, output.GetInt32(DicomTags.Rows));

        // U: replaced, and consistent between the dataset and its file meta information.
        var sop = output.GetString(DicomTags.SopInstanceUid)!;
        Assert.NotEqual(SyntheticCtSeries.SopInstanceUid(1, 0), sop);
        Assert.StartsWith("2.25.", sop, StringComparison.Ordinal);
        Assert.True(DicomUid.IsValid(sop));
        Assert.Equal(SyntheticCtSeries.CtImageStorage, output.GetString(DicomTags.SopClassUid));
        Assert.Equal(sop, result.SopInstanceUid);
        Assert.True(result.RemovedAttributes > 5);
    }

    [Fact]
    public void CleanScrubsIdentifyingTokensFromText()
    {
        var input = SyntheticCtSeries.CreateFile(edit: d => d.SetString(new DicomTag(0x0020, 0x4000), DicomVR.LT, "Follow-up for Juan Pérez, PAT000001"));
        var options = Options(o => o with { Overrides = new Dictionary<DicomTag, DeidentificationAction> { [new DicomTag(0x0020, 0x4000)] = DeidentificationAction.Clean } });

        var output = DeidentifyInMemory(input, options, out _).Dataset;

        Assert.Equal("Follow-up for **** *****, *********", output.GetString(new DicomTag(0x0020, 0x4000)));
    }

    [Fact]
    public void UidReplacementIsConsistentWithTheSecretAndDiffersWithAnother()
    {
        var first = DeidentifyInMemory(SyntheticCtSeries.CreateFile(index: 0), Options(), out _).Dataset;
        var second = DeidentifyInMemory(SyntheticCtSeries.CreateFile(index: 1), Options(), out _).Dataset;
        var otherSite = DeidentifyInMemory(SyntheticCtSeries.CreateFile(index: 0), Options(o => o with { SiteSecret = Encoding.ASCII.GetBytes("another-site-secret-0123456789ab") }), out _).Dataset;

        Assert.Equal(first.GetString(DicomTags.StudyInstanceUid), second.GetString(DicomTags.StudyInstanceUid));
        Assert.Equal(first.GetString(DicomTags.SeriesInstanceUid), second.GetString(DicomTags.SeriesInstanceUid));
        Assert.Equal(first.GetString(DicomTags.FrameOfReferenceUid), second.GetString(DicomTags.FrameOfReferenceUid));
        Assert.NotEqual(first.GetString(DicomTags.SopInstanceUid), second.GetString(DicomTags.SopInstanceUid));
        Assert.Equal(first.GetString(DicomTags.PatientId), second.GetString(DicomTags.PatientId));
        Assert.NotEqual(first.GetString(DicomTags.StudyInstanceUid), otherSite.GetString(DicomTags.StudyInstanceUid));
        Assert.NotEqual(first.GetString(DicomTags.PatientId), otherSite.GetString(DicomTags.PatientId));
    }

    [Fact]
    public void ReferencedUidsInsideSequencesAreReplacedConsistently()
    {
        var input = SyntheticCtSeries.CreateFile(edit: d =>
        {
            var reference = new DicomDataset();
            reference.SetString(new DicomTag(0x0008, 0x1150), DicomVR.UI, SyntheticCtSeries.CtImageStorage);
            reference.SetString(new DicomTag(0x0008, 0x1155), DicomVR.UI, SyntheticCtSeries.SopInstanceUid(1, 7));
            d.SetSequence(new DicomTag(0x0008, 0x1140), reference);
        });

        var output = DeidentifyInMemory(input, Options(), out _).Dataset;
        var item = output.GetElement(new DicomTag(0x0008, 0x1140))!.Items[0];
        var expected = new DicomDeidentifier(Options()).ReplaceUid(SyntheticCtSeries.SopInstanceUid(1, 7));

        Assert.Equal(expected, item.GetString(new DicomTag(0x0008, 0x1155)));
        Assert.Equal(SyntheticCtSeries.CtImageStorage, item.GetString(new DicomTag(0x0008, 0x1150)));
    }

    [Fact]
    public void RetainUidsKeepsThem()
    {
        var output = DeidentifyInMemory(SyntheticCtSeries.CreateFile(), Options(o => o with { RetainUids = true }), out _).Dataset;

        Assert.Equal(SyntheticCtSeries.SopInstanceUid(1, 0), output.GetString(DicomTags.SopInstanceUid));
        Assert.Equal(SyntheticCtSeries.StudyInstanceUid(1), output.GetString(DicomTags.StudyInstanceUid));
        Assert.Contains(output.GetElement(DicomTags.DeidentificationMethodCodeSequence)!.Items, i => i.GetString(DicomTags.CodeValue) == "113110");
    }

    [Fact]
    public void DateShiftMovesDatesAndKeepsIntervals()
    {
        var input = SyntheticCtSeries.CreateFile(edit: d => d.SetString(DicomTags.SeriesDate, DicomVR.DA, "20240315"));
        var output = DeidentifyInMemory(input, Options(o => o with { DateShiftDays = -100 }), out _).Dataset;

        Assert.Equal("20231203", output.GetString(DicomTags.StudyDate));
        Assert.Equal("20231206", output.GetString(DicomTags.SeriesDate));
        Assert.Equal("101500", output.GetString(DicomTags.StudyTime));
        Assert.Equal(string.Empty, output.GetString(DicomTags.PatientBirthDate));
        Assert.Equal("MODIFIED", output.GetString(DicomTags.LongitudinalTemporalInformationModified));
        Assert.Contains(output.GetElement(DicomTags.DeidentificationMethodCodeSequence)!.Items, i => i.GetString(DicomTags.CodeValue) == "113107");
    }

    [Fact]
    public void KeyedDateShiftIsStablePerPatient()
    {
        var deidentifier = new DicomDeidentifier(Options(o => o with { DateShiftRangeDays = 365 }));

        var shift = deidentifier.DateShiftFor("PAT000001");
        Assert.InRange(shift, -365, -1);
        Assert.Equal(shift, deidentifier.DateShiftFor("PAT000001"));
        Assert.Contains(Enumerable.Range(0, 20), i => deidentifier.DateShiftFor($"P{i}") != shift);
    }

    [Fact]
    public void PrivateAttributesAreRemovedUnlessSafeListed()
    {
        var input = SyntheticCtSeries.CreateFile(edit: d =>
        {
            d.SetString(new DicomTag(0x0029, 0x0010), DicomVR.LO, "OTHER VENDOR");
            d.SetString(new DicomTag(0x0029, 0x1001), DicomVR.LO, "secret");
        });

        var removed = DeidentifyInMemory(input, Options(), out _).Dataset;
        Assert.DoesNotContain(removed, e => e.Tag.IsPrivate);

        var safe = new HashSet<PrivateTagKey> { new(SyntheticCtSeries.PrivateCreator, 0x0019, 0x01) };
        var kept = DeidentifyInMemory(input, Options(o => o with { SafePrivateAttributes = safe }), out _).Dataset;
        Assert.Equal("internal reference 42", kept.GetString(SyntheticCtSeries.PrivateValueTag));
        Assert.Equal(SyntheticCtSeries.PrivateCreator, kept.GetString(SyntheticCtSeries.PrivateCreatorTag));
        Assert.False(kept.Contains(new DicomTag(0x0029, 0x0010)));
        Assert.False(kept.Contains(new DicomTag(0x0029, 0x1001)));
        Assert.Contains(kept.GetElement(DicomTags.DeidentificationMethodCodeSequence)!.Items, i => i.GetString(DicomTags.CodeValue) == "113111");
    }

    [Fact]
    public void DeidentifiedInstancesAreMarked()
    {
        var output = DeidentifyInMemory(SyntheticCtSeries.CreateFile(), Options(), out _).Dataset;

        Assert.Equal("YES", output.GetString(DicomTags.PatientIdentityRemoved));
        Assert.NotEmpty(output.GetStrings(DicomTags.DeidentificationMethod));
        var code = Assert.Single(output.GetElement(DicomTags.DeidentificationMethodCodeSequence)!.Items);
        Assert.Equal("113100", code.GetString(DicomTags.CodeValue));
        Assert.Equal("DCM", code.GetString(DicomTags.CodingSchemeDesignator));
        Assert.Equal("REMOVED", output.GetString(DicomTags.LongitudinalTemporalInformationModified));
    }

    [Fact]
    public void BurnedInAnnotationIsFlagged()
    {
        DeidentificationResult Run(Action<DicomDataset> edit)
        {
            DeidentifyInMemory(SyntheticCtSeries.CreateFile(edit: edit), Options(), out var result);
            return result;
        }

        Assert.Contains(Run(d => d.SetString(DicomTags.BurnedInAnnotation, DicomVR.CS, "YES")).Findings,
            f => f.Code == DicomFindingCodes.BurnedInAnnotation && f.Severity == DicomFindingSeverity.Error);
        Assert.Contains(Run(d => { d.SetString(DicomTags.Modality, DicomVR.CS, "US"); d.Remove(DicomTags.BurnedInAnnotation); }).Findings,
            f => f.Code == DicomFindingCodes.PossibleBurnedInAnnotation);
        Assert.Contains(Run(d => { d.SetString(DicomTags.SopClassUid, DicomVR.UI, "1.2.840.10008.5.1.4.1.1.7"); d.Remove(DicomTags.BurnedInAnnotation); }).Findings,
            f => f.Code == DicomFindingCodes.PossibleBurnedInAnnotation);
        Assert.DoesNotContain(Run(_ => { }).Findings, f => f.Code.Contains("BurnedIn", StringComparison.Ordinal));
    }

    [Fact]
    public void PixelDataIsCopiedUnchanged()
    {
        var input = SyntheticCtSeries.CreateFile(rows: 64, columns: 64);
        using var output = new MemoryStream();
        Assert.True(new DicomDeidentifier(Options()).Deidentify(new MemoryStream(input), output).Succeeded);

        byte[] Pixels(byte[] file)
        {
            using var reader = new DicomReader(new MemoryStream(file));
            reader.ReadHeader();
            using var copy = new MemoryStream();
            reader.CopyPixelDataTo(copy);
            return copy.ToArray();
        }

        Assert.Equal(SyntheticCtSeries.CreatePixels(64, 64), Pixels(output.ToArray()));
    }

    [Fact]
    public void BrokenInputIsRefusedWithoutOutput()
    {
        var deidentifier = new DicomDeidentifier(Options());
        var target = Path.Combine(Path.GetTempPath(), $"eucaim-refused-{Guid.NewGuid():N}.dcm");

        var result = deidentifier.DeidentifyFile(TestCorpus.File("rtplan_truncated.dcm"), target);

        Assert.False(result.Succeeded);
        Assert.Contains(result.Findings, f => f.Severity == DicomFindingSeverity.Error);
        Assert.False(File.Exists(target));
    }

    [Fact]
    public void ProfileTableIsLoaded()
    {
        Assert.True(ConfidentialityProfile.Count > 450, $"{ConfidentialityProfile.Count} entries");
        Assert.Equal(DeidentificationAction.Empty, ConfidentialityProfile.ActionFor(DicomTags.PatientName));
        Assert.Equal(DeidentificationAction.Remove, ConfidentialityProfile.ActionFor(new DicomTag(0x6002, 0x3000)));
        Assert.Equal(DeidentificationAction.Remove, ConfidentialityProfile.ActionFor(new DicomTag(0x5004, 0x0010)));
        Assert.Equal(DeidentificationAction.ReplaceUid, ConfidentialityProfile.ActionFor(DicomTags.StudyInstanceUid));
        Assert.Null(ConfidentialityProfile.ActionFor(DicomTags.Modality));
        Assert.Equal("X/Z", ConfidentialityProfile.CodeFor(new DicomTag(0x0008, 0x1110)));
        Assert.Equal("X/Z/D", ConfidentialityProfile.CodeFor(DicomTags.StationName));
        Assert.Equal("Z", ConfidentialityProfile.CodeFor(DicomTags.StudyId));
    }

    [Fact]
    public void EveryChoiceOfTheProfileHasARecordedAttributeType()
    {
        var choices = ConfidentialityProfile.Entries.Where(e => e.Value.Contains('/', StringComparison.Ordinal) && e.Value != "X/Z/U*").ToList();

        Assert.Equal(47, choices.Count);
        Assert.All(choices, e => Assert.True(ProfileAttributeTypes.IsKnown(e.Key), $"{e.Key} ({e.Value}) has no recorded type"));
    }

    [Theory]
    // Referenced Study Sequence is Type 3 everywhere: X, never an empty sequence (dciodvfy: "Bad Sequence number of Items 0").
    [InlineData("00081110", CtImage, "X")]
    // Device Serial Number: Type 3 in General Equipment, Type 1 in Enhanced General Equipment.
    [InlineData("00181000", CtImage, "X")]
    [InlineData("00181000", EnhancedCtImage, "D")]
    // Referenced Performed Procedure Step Sequence: Type 3 in General Series, Type 2 in SR Document Series.
    [InlineData("00081111", CtImage, "X")]
    [InlineData("00081111", ComprehensiveSr, "Z")]
    // Operators' Name: Type 3 in General Series, Type 2 in RT Series.
    [InlineData("00081070", CtImage, "X")]
    [InlineData("00081070", RtPlan, "Z")]
    // Acquisition Context Sequence is Type 2 in its module; Institution Code Sequence Type 3.
    [InlineData("00400555", CtImage, "Z")]
    [InlineData("00080082", CtImage, "X")]
    // Acquisition DateTime and Content Date are Type 1 in waveform, SR and enhanced IODs.
    [InlineData("0008002A", CtImage, "D")]
    [InlineData("00080023", CtImage, "D")]
    // Contrast/Bolus Agent is Type 2 (Z/D); Study Date is Z whatever the type.
    [InlineData("00180010", CtImage, "Z")]
    [InlineData("00080020", CtImage, "Z")]
    public void ProfileChoicesFollowTheAttributeTypeInTheIod(string tag, string sopClassUid, string expected)
    {
        var action = ConfidentialityProfile.ActionFor(new DicomTag(uint.Parse(tag, System.Globalization.NumberStyles.HexNumber, System.Globalization.CultureInfo.InvariantCulture)), sopClassUid);

        Assert.Equal(expected switch { "X" => DeidentificationAction.Remove, "Z" => DeidentificationAction.Empty, _ => DeidentificationAction.Dummy }, action);
    }

    private const string CtImage = "1.2.840.10008.5.1.4.1.1.2";
    private const string EnhancedCtImage = "1.2.840.10008.5.1.4.1.1.2.1";
    private const string ComprehensiveSr = "1.2.840.10008.5.1.4.1.1.88.33";
    private const string RtPlan = "1.2.840.10008.5.1.4.1.1.481.5";
}
