using System.Globalization;
using System.Net;
using Eucaim.Core.Contracts;
using Eucaim.Core.Data;
using Eucaim.Core.Federation;
using Eucaim.Dicom;
using Eucaim.Dicom.Synthetic;
using Eucaim.Platform.Tests.Catalogue;
using Eucaim.Platform.Tests.DicomWeb;
using Eucaim.Platform.Tests.Ingest;
using Microsoft.EntityFrameworkCore;

namespace Eucaim.Platform.Tests.Federation;

/// <summary>
/// A node's true counts from its own index: instances stored with STOW-RS into a dataset hugo publishes (the
/// real ingest path writes the index rows), then counted under filters and compared with the counts worked
/// out from the files sent. A draft dataset and one the node does not hold are left out.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class CountLocalIndexTests(PlatformFixture fixture) : IAsyncLifetime
{
    private readonly int _seed = Random.Shared.Next(7_000_000, 8_000_000);
    private readonly List<Sent> _sent = [];
    private HttpClient _hugo = null!;
    private Guid _published;
    private Guid _draft;

    /// <summary>One series as sent: its patient, study and what the filters look at.</summary>
    private sealed record Sent(string Patient, string? Sex, DateOnly? Birth, string Study, DateOnly Date, string Series, string Modality, string? BodyPart, string Manufacturer, int Instances);

    public async Task InitializeAsync()
    {
        _hugo = await fixture.Platform.CreateApiClientForAsync("hugo");
        _published = await IngestRequests.CreateDraftAsync(_hugo, $"Federated counts {Guid.NewGuid():N}");
        _draft = await IngestRequests.CreateDraftAsync(_hugo, $"Federated counts, never published {Guid.NewGuid():N}");
        var ana = $"ANA{_seed}";
        var ben = $"BEN{_seed}";
        var cai = $"CAI{_seed}";
        Add(ana, "F", new DateOnly(1960, 5, 1), 1, new DateOnly(2020, 6, 1), [("CT", "CHEST", "SIEMENS", 2), ("MR", "BRAIN", "GE MEDICAL SYSTEMS", 1)]);
        Add(ana, "F", new DateOnly(1960, 5, 1), 2, new DateOnly(2010, 4, 30), [("CT", "ABDOMEN", "Philips", 1)]);
        Add(ben, "M", new DateOnly(1980, 12, 31), 3, new DateOnly(2020, 12, 30), [("CT", "CHEST", "Siemens Healthineers", 3)]);
        Add(cai, "M", null, 4, new DateOnly(2021, 1, 1), [("MR", "PROSTATE", "Philips Medical", 2), ("PT", null, "GE Healthcare", 1)]);

        await StowAsync(_published, _sent);
        await CatalogueApi.ReadAsync(await CatalogueApi.SendAsync(_hugo, HttpMethod.Post, $"/api/datasets/{_published}/publish"), HttpStatusCode.OK);
        // The same files, in a draft: a node counts published versions only.
        await StowAsync(_draft, _sent);
    }

    public Task DisposeAsync()
    {
        _hugo.Dispose();
        return Task.CompletedTask;
    }

    public static TheoryData<string?, int?, int?, string?, string?, string?> Filters() => new()
    {
        { null, null, null, null, null, null },
        { "F", null, null, null, null, null },
        { "m", null, null, null, null, null },
        { null, null, null, "CT", null, null },
        { null, null, null, "mr", null, null },
        { null, null, null, null, "chest", null },
        { null, null, null, null, "PROSTATE", null },
        { null, null, null, null, null, "siemens" },
        { null, null, null, null, null, "Philips" },
        { null, null, null, null, null, "GE" },
        { null, null, null, null, null, "Toshiba" },
        { null, 50, 50, null, null, null },
        { null, 39, 39, null, null, null },
        { null, 40, null, null, null, null },
        { null, null, 49, null, null, null },
        { "F", 55, 70, "CT", null, null },
        { "M", null, null, "CT", "CHEST", "SIEMENS" },
        { "O", null, null, null, null, null },
    };

    [Theory]
    [MemberData(nameof(Filters))]
    public async Task Counts_are_those_of_the_files_sent(string? sex, int? ageMin, int? ageMax, string? modality, string? bodyPart, string? manufacturer)
    {
        var filters = new CountFilters(sex, ageMin, ageMax, modality, bodyPart, manufacturer);
        await using var db = await DbAsync();

        var outcome = await new CountLocalIndex(db).RunAsync([_published, _draft, Guid.NewGuid()], filters, CancellationToken.None);

        Assert.True(outcome.Succeeded, outcome.Problem?.Detail);
        var counts = Assert.Single(outcome.Value);
        Assert.Equal(Expected(filters), counts);
    }

    [Fact]
    public async Task Filters_a_query_cannot_carry_are_refused_naming_the_field()
    {
        await using var db = await DbAsync();

        var outcome = await new CountLocalIndex(db).RunAsync([_published], new CountFilters("X", 70, 60, null, null, new string('A', 65)), CancellationToken.None);

        Assert.False(outcome.Succeeded);
        Assert.Equal(["filters.ageMax", "filters.manufacturer", "filters.sex"], outcome.Problem.Errors!.Keys.Order(StringComparer.Ordinal));
    }

    /// <summary>What the files sent say: series matching the series and patient filters, and their studies and patients.</summary>
    private LocalCounts Expected(CountFilters f)
    {
        var matching = _sent.Where(s =>
            (f.Modality is null || string.Equals(s.Modality, f.Modality, StringComparison.OrdinalIgnoreCase))
            && (f.BodyPart is null || string.Equals(s.BodyPart, f.BodyPart, StringComparison.OrdinalIgnoreCase))
            && (f.Manufacturer is null || s.Manufacturer.StartsWith(f.Manufacturer, StringComparison.OrdinalIgnoreCase))
            && (f.Sex is null || string.Equals(s.Sex, f.Sex, StringComparison.OrdinalIgnoreCase))
            && (f.AgeMin is null || (s.Birth is { } b && SyntheticCohort.WholeYears(b, s.Date) >= f.AgeMin))
            && (f.AgeMax is null || (s.Birth is { } b2 && SyntheticCohort.WholeYears(b2, s.Date) <= f.AgeMax))).ToList();
        return new LocalCounts(_published, matching.Select(s => s.Patient).Distinct().Count(), matching.Select(s => s.Study).Distinct().Count(), matching.Count);
    }

    private void Add(string patient, string? sex, DateOnly? birth, int study, DateOnly date, (string Modality, string? BodyPart, string Manufacturer, int Instances)[] series)
    {
        foreach (var (s, i) in series.Select((s, i) => (s, i)))
        {
            _sent.Add(new Sent(patient, sex, birth, SyntheticCtSeries.StudyInstanceUid(_seed * 10 + study), date,
                SyntheticCtSeries.SeriesInstanceUid(_seed * 100 + study * 10 + i), s.Modality, s.BodyPart, s.Manufacturer, s.Instances));
        }
    }

    private async Task StowAsync(Guid dataset, IEnumerable<Sent> sent)
    {
        var files = sent.SelectMany(s => Enumerable.Range(0, s.Instances).Select(i => SyntheticCtSeries.CreateFile(_seed, i, edit: d =>
        {
            d.SetString(DicomTags.PatientId, DicomVR.LO, s.Patient);
            d.SetString(DicomTags.PatientSex, DicomVR.CS, s.Sex ?? "");
            d.SetString(DicomTags.PatientBirthDate, DicomVR.DA, s.Birth?.ToString("yyyyMMdd", CultureInfo.InvariantCulture) ?? "");
            d.SetString(DicomTags.StudyInstanceUid, DicomVR.UI, s.Study);
            d.SetString(DicomTags.StudyDate, DicomVR.DA, s.Date.ToString("yyyyMMdd", CultureInfo.InvariantCulture));
            d.SetString(DicomTags.SeriesInstanceUid, DicomVR.UI, s.Series);
            d.SetString(DicomTags.SopInstanceUid, DicomVR.UI, DicomUid.FromKeyedHash("count-local-index-test"u8.ToArray(), $"{s.Series}:{i}"));
            d.SetString(DicomTags.Modality, DicomVR.CS, s.Modality);
            d.SetString(DicomTags.BodyPartExamined, DicomVR.CS, s.BodyPart ?? "");
            d.SetString(DicomTags.Manufacturer, DicomVR.LO, s.Manufacturer);
        }))).ToList();
        var stow = await _hugo.SendAsync(new HttpRequestMessage(HttpMethod.Post, $"/dicomweb/datasets/{dataset}/studies") { Content = DicomWebRoundTripTests.Multipart(files) });
        Assert.True(stow.StatusCode == HttpStatusCode.OK, $"STOW-RS → {(int)stow.StatusCode}: {await stow.Content.ReadAsStringAsync()}");
    }

    private async Task<EucaimDbContext> DbAsync() =>
        new(new DbContextOptionsBuilder<EucaimDbContext>().UseNpgsql(await fixture.Platform.ConnectionStringAsync(EucaimDatabase.ConnectionName)).Options);
}
