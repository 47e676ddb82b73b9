using System.Text.Json;
using Eucaim.Core.Catalogue.Seed;
using Eucaim.Core.Federation;
using Eucaim.Dicom;

namespace Eucaim.Core.Tests.Federation;

/// <summary>A dev node's synthetic cohorts: the same every time, sized, sexed and aged as the seed's prose says, and real DICOM.</summary>
public sealed class SyntheticCohortTests
{
    private static readonly IReadOnlyList<SeedDataset> Federated = DevFederation.DatasetsOfNode(1, 1);

    [Fact]
    public void A_cohort_is_the_same_every_time()
    {
        foreach (var seed in Federated)
        {
            Assert.Equal(JsonSerializer.Serialize(SyntheticCohort.Of(seed)), JsonSerializer.Serialize(SyntheticCohort.Of(seed)));
        }

        var subject = SyntheticCohort.Of(Federated[0])[0];
        Assert.Equal(SyntheticCohort.Instance(subject, subject.Series[0], 1), SyntheticCohort.Instance(subject, subject.Series[0], 1));
    }

    [Fact]
    public void A_cohort_has_a_twentieth_of_the_seeds_subjects_between_4_and_40_with_a_series_per_modality()
    {
        Assert.Contains(Federated, s => SyntheticCohort.SizeOf(s) == 4);
        Assert.Contains(Federated, s => SyntheticCohort.SizeOf(s) == 40);
        Assert.Contains(Federated, s => SyntheticCohort.SizeOf(s) is > 4 and < 40);
        foreach (var seed in Federated)
        {
            var cohort = SyntheticCohort.Of(seed);
            Assert.Equal(Math.Clamp((seed.SubjectsNumeric ?? 0) / 20, 4, 40), cohort.Count);
            Assert.All(cohort, subject =>
            {
                Assert.Equal(Math.Max(1, seed.Modalities?.Count ?? 0), subject.Series.Count);
                Assert.All(subject.Series, series => Assert.Equal(SyntheticCohort.InstancesPerSeries, series.SopInstanceUids.Count));
            });
            Assert.Equal(cohort.Count, cohort.Select(s => s.PatientId).Distinct().Count());
        }
    }

    [Fact]
    public void UIDs_are_unique_across_every_dataset_of_the_dev_nodes()
    {
        var cohorts = Federated.SelectMany(SyntheticCohort.Of).ToList();
        var uids = cohorts.Select(s => s.StudyInstanceUid)
            .Concat(cohorts.SelectMany(s => s.Series).Select(s => s.SeriesInstanceUid))
            .Concat(cohorts.SelectMany(s => s.Series).SelectMany(s => s.SopInstanceUids))
            .ToList();

        Assert.Equal(uids.Count, uids.Distinct(StringComparer.Ordinal).Count());
        Assert.All(uids, uid => Assert.True(DicomUid.IsValid(uid), uid));
    }

    [Theory]
    [InlineData("Male (100%)", 0.0)]
    [InlineData("Female", 1.0)]
    [InlineData("Males", 0.0)]
    [InlineData("Male and Female", 0.5)]
    [InlineData("Males and Females", 0.5)]
    [InlineData("Female (55%), Male (45%)", 0.55)]
    [InlineData("Male (60%), Female (40%)", 0.4)]
    [InlineData("Female (99.9%), Male (0.1%)", 0.999)]
    [InlineData("Male (61) and Female (62)", 62.0 / 123)]
    [InlineData("female/male ratio of 8/19", 8.0 / 27)]
    [InlineData("Approx. 60% (female) / 40% (male)", 0.6)]
    [InlineData("Unknown", 0.5)]
    [InlineData(null, 0.5)]
    public void The_share_of_women_is_read_from_the_seeds_text(string? text, double share) =>
        Assert.Equal(share, SyntheticCohort.FemaleShare(text), 6);

    [Theory]
    [InlineData("40 / 90 years", 40, 90)]
    [InlineData("18-90 years", 18, 90)]
    [InlineData("18 - 95 years", 18, 95)]
    [InlineData("0 / 17 years", 0, 17)]
    [InlineData("> 40 years", 40, 85)]
    [InlineData(">18 years", 18, 85)]
    [InlineData("Over 50 years of age", 50, 85)]
    [InlineData("avg. 57", 30, 85)]
    [InlineData("Unspecified", 30, 85)]
    [InlineData(null, 30, 85)]
    public void The_age_range_is_read_from_the_seeds_text(string? text, int min, int max) =>
        Assert.Equal((min, max), SyntheticCohort.AgeRange(text));

    [Fact]
    public void Sexes_follow_the_seed_and_ages_at_the_study_date_lie_in_its_range()
    {
        foreach (var seed in Federated)
        {
            var cohort = SyntheticCohort.Of(seed);
            var share = SyntheticCohort.FemaleShare(seed.Sex);
            var (min, max) = SyntheticCohort.AgeRange(seed.AgeRange);
            Assert.All(cohort, s => Assert.InRange(s.AgeAtStudy, min, max));
            Assert.All(cohort, s => Assert.Contains(s.Sex, new[] { "F", "M" }));
            if (share == 0)
            {
                Assert.All(cohort, s => Assert.Equal("M", s.Sex));
            }
            else if (share == 1)
            {
                Assert.All(cohort, s => Assert.Equal("F", s.Sex));
            }
        }

        // Over all mixed cohorts together, both sexes appear.
        var mixed = Federated.Where(s => SyntheticCohort.FemaleShare(s.Sex) is > 0.3 and < 0.7).SelectMany(SyntheticCohort.Of).ToList();
        Assert.Contains(mixed, s => s.Sex == "F");
        Assert.Contains(mixed, s => s.Sex == "M");
    }

    [Fact]
    public void Whole_years_count_a_birthday_only_once_it_is_reached()
    {
        Assert.Equal(39, SyntheticCohort.WholeYears(new DateOnly(1980, 6, 15), new DateOnly(2020, 6, 14)));
        Assert.Equal(40, SyntheticCohort.WholeYears(new DateOnly(1980, 6, 15), new DateOnly(2020, 6, 15)));
        Assert.Equal(0, SyntheticCohort.WholeYears(new DateOnly(2020, 1, 1), new DateOnly(2020, 12, 31)));
    }

    [Fact]
    public void Each_instance_is_a_sound_DICOM_file_that_indexes_as_its_subject_and_series()
    {
        var checker = new DicomIntegrityChecker();
        var extractor = new DicomTagExtractor();
        foreach (var seed in Federated.Take(8))
        {
            var subject = SyntheticCohort.Of(seed)[0];
            foreach (var series in subject.Series)
            {
                for (var i = 0; i < series.SopInstanceUids.Count; i++)
                {
                    var bytes = SyntheticCohort.Instance(subject, series, i);
                    var report = checker.Check(new MemoryStream(bytes), "synthetic");
                    Assert.True(report.IsDicom);
                    Assert.False(report.HasErrors, string.Join("; ", report.Findings.Select(f => f.Message)));

                    var record = extractor.Extract(DicomReader.ReadHeader(new MemoryStream(bytes)));
                    Assert.Equal(subject.PatientId, record.PatientId);
                    Assert.Null(record.PatientName);
                    Assert.Equal(subject.Sex, record.PatientSex);
                    Assert.Equal(subject.BirthDate, record.PatientBirthDate);
                    Assert.Equal(subject.StudyDate, record.StudyDate);
                    Assert.Equal(subject.StudyInstanceUid, record.StudyInstanceUid);
                    Assert.Equal(series.SeriesInstanceUid, record.SeriesInstanceUid);
                    Assert.Equal(series.SopInstanceUids[i], record.SopInstanceUid);
                    Assert.Equal(series.Modality, record.Modality);
                    Assert.Equal(series.BodyPart, record.BodyPartExamined);
                    Assert.Equal(series.Manufacturer, record.Manufacturer);
                    Assert.Equal(SyntheticCohort.ImageSize, record.Rows);
                }
            }
        }
    }

    [Fact]
    public void The_central_patch_of_each_image_is_the_subjects_drawn_brightness_around_the_gradient()
    {
        var subject = SyntheticCohort.Of(Federated[0])[0];
        var pixels = Pixels(SyntheticCohort.Instance(subject, subject.Series[0], 1));

        const int start = (SyntheticCohort.ImageSize - SyntheticCohort.PatchSize) / 2;
        var patch = Enumerable.Range(start, SyntheticCohort.PatchSize)
            .SelectMany(r => Enumerable.Range(start, SyntheticCohort.PatchSize).Select(c => (int)pixels[r * SyntheticCohort.ImageSize + c])).ToList();
        Assert.Equal(subject.PatchBrightness, patch.Average());
        Assert.Equal(2, patch.Distinct().Count());
        // Outside the patch, the gradient of the instance: 16 per column, 8 per instance index.
        Assert.Equal(Enumerable.Range(0, SyntheticCohort.ImageSize).Select(c => (byte)(c * 16 + 8)), pixels.Take(SyntheticCohort.ImageSize));
        Assert.Equal((byte)((start - 1) * 16 + 8), pixels[start * SyntheticCohort.ImageSize + start - 1]);
    }

    [Fact]
    public void The_patch_brightness_tells_the_sexes_apart_but_not_perfectly()
    {
        var all = Federated.SelectMany(SyntheticCohort.Of).ToList();
        var female = all.Where(s => s.Sex == "F").Select(s => s.PatchBrightness).ToList();
        var male = all.Where(s => s.Sex == "M").Select(s => s.PatchBrightness).ToList();

        Assert.InRange(female.Average(), SyntheticCohort.FemalePatchMean - 5, SyntheticCohort.FemalePatchMean + 5);
        Assert.InRange(male.Average(), SyntheticCohort.MalePatchMean - 5, SyntheticCohort.MalePatchMean + 5);
        // The best threshold ("F when darker than t"), by balanced accuracy: about Φ(0.8) ≈ 0.79 by construction (0.798 today).
        var best = Enumerable.Range(0, 257).Max(t => (female.Count(b => b < t) / (double)female.Count + male.Count(b => b >= t) / (double)male.Count) / 2);
        Assert.InRange(best, 0.72, 0.86);
    }

    private static byte[] Pixels(byte[] instance)
    {
        using var stream = new MemoryStream(instance);
        using var reader = new DicomReader(stream);
        reader.ReadHeader();
        using var pixels = new MemoryStream();
        Assert.True(reader.CopyPixelDataTo(pixels));
        return pixels.ToArray();
    }

    [Fact]
    public void Body_parts_are_upper_case_code_strings_and_vendors_come_from_the_seed_or_the_fixed_list()
    {
        foreach (var seed in Federated)
        {
            foreach (var series in SyntheticCohort.Of(seed).SelectMany(s => s.Series))
            {
                if (series.BodyPart is { } part)
                {
                    Assert.Matches("^[A-Z0-9 _]{1,16}$", part);
                }
                else
                {
                    Assert.True(seed.BodyParts is null or { Count: 0 });
                }

                var fromSeed = seed.Vendor is { } vendor && vendor.Contains(series.Manufacturer, StringComparison.Ordinal);
                Assert.True(fromSeed || SyntheticCohort.FallbackVendors.Contains(series.Manufacturer), $"{seed.DatasetKey}: {series.Manufacturer}");
            }
        }

        var prostate = SyntheticCohort.Of(Federated.Single(s => s.DatasetKey == "I/1DH1#1"));
        Assert.All(prostate.SelectMany(s => s.Series), s => Assert.Equal(("MR", "PELVIS"), (s.Modality, s.BodyPart)));
        var siemens = SyntheticCohort.Of(Federated.Single(s => s.DatasetKey == "I/2DH1#1"));
        Assert.All(siemens.SelectMany(s => s.Series), s => Assert.Equal("Siemens", s.Manufacturer));
    }
}
