using System.Net;
using System.Text.Json;
using Eucaim.Dicom;
using Eucaim.Dicom.Synthetic;
using Eucaim.Platform.Tests.Ingest;

namespace Eucaim.Platform.Tests.DicomWeb;

/// <summary>
/// QIDO-RS as a PACS-savvy user relies on it (PS3.18 10.6): every required matching key per level
/// narrows the results (single value, wildcards, UID lists, date and time ranges), includefield adds
/// attributes, limit and offset page with <c>Warning: 299</c>, and whatever cannot be honoured is
/// refused with a message naming it. Two studies stored with STOW-RS: A, the synthetic CT series as
/// generated, and B, an MR study that differs from A in every key.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class QidoMatchingTests(PlatformFixture fixture) : IAsyncLifetime
{
    private const string MrImageStorage = "1.2.840.10008.5.1.4.1.1.4";

    private readonly int _a = Random.Shared.Next(4_000_000, 5_000_000);
    private readonly int _b = Random.Shared.Next(5_000_000, 6_000_000);
    private HttpClient _hugo = null!;
    private string _root = "";

    private string StudyA => SyntheticCtSeries.StudyInstanceUid(_a);

    private string StudyB => SyntheticCtSeries.StudyInstanceUid(_b);

    public async Task InitializeAsync()
    {
        _hugo = await fixture.Platform.CreateApiClientForAsync("hugo");
        var dataset = await IngestRequests.CreateDraftAsync(_hugo, $"QIDO matching {Guid.NewGuid():N}");
        _root = $"/dicomweb/datasets/{dataset}";
        var a = Enumerable.Range(0, 3).Select(i => SyntheticCtSeries.CreateFile(_a, i, edit: d =>
        {
            d.SetString(DicomTags.PerformedProcedureStepStartDate, DicomVR.DA, "20240312");
            d.SetString(DicomTags.PerformedProcedureStepStartTime, DicomVR.TM, "101700");
        }));
        var b = Enumerable.Range(0, 2).Select(i => SyntheticCtSeries.CreateFile(_b, i, edit: d =>
        {
            d.SetString(DicomTags.SopClassUid, DicomVR.UI, MrImageStorage);
            d.SetString(DicomTags.Modality, DicomVR.CS, "MR");
            d.SetString(DicomTags.PatientName, DicomVR.PN, "Smith^Anna");
            d.SetString(DicomTags.PatientId, DicomVR.LO, $"OTHER{_b}");
            d.SetString(DicomTags.ReferringPhysicianName, DicomVR.PN, "Jones^Tom");
            d.SetString(DicomTags.StudyId, DicomVR.SH, "77");
            d.SetString(DicomTags.SeriesNumber, DicomVR.IS, "5");
            d.SetString(DicomTags.AccessionNumber, DicomVR.SH, "X_100%");
            d.SetString(DicomTags.StudyDate, DicomVR.DA, "20230101");
            d.SetString(DicomTags.StudyTime, DicomVR.TM, "153000");
            d.SetString(DicomTags.PerformedProcedureStepStartDate, DicomVR.DA, "20230101");
            d.SetString(DicomTags.PerformedProcedureStepStartTime, DicomVR.TM, "153200");
        }));
        var stow = await _hugo.SendAsync(new HttpRequestMessage(HttpMethod.Post, $"{_root}/studies") { Content = DicomWebRoundTripTests.Multipart(a.Concat(b)) });
        Assert.True(stow.StatusCode == HttpStatusCode.OK, $"STOW-RS → {(int)stow.StatusCode}: {await stow.Content.ReadAsStringAsync()}");
    }

    public Task DisposeAsync()
    {
        _hugo.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task Every_study_key_narrows_the_studies()
    {
        Assert.Empty(await StudiesAsync("PatientName=Nobody"));
        Assert.Equal([StudyA], await StudiesAsync("PatientName=p%C3%A9rez^juan"));
        Assert.Equal([StudyA], await StudiesAsync("PatientName=p*"));
        Assert.Equal([StudyB], await StudiesAsync("00100010=*ann?"));
        Assert.Equal([StudyA], await StudiesAsync($"PatientID=PAT{_a}"));
        Assert.Equal([StudyA], await StudiesAsync("PatientID=PAT*"));
        Assert.Equal([StudyB], await StudiesAsync("ReferringPhysicianName=jones*"));
        Assert.Empty(await StudiesAsync("ReferringPhysicianName=jones"));
        Assert.Equal([StudyB], await StudiesAsync("StudyID=77"));
        Assert.Equal([StudyA], await StudiesAsync("00200010=1"));
        Assert.Equal([StudyA], await StudiesAsync("AccessionNumber=ACC*"));
        Assert.Equal(Sorted(StudyA, StudyB), await StudiesAsync("AccessionNumber=*&PatientName="));
        // LIKE's own metacharacters in a value match only themselves.
        Assert.Equal([StudyB], await StudiesAsync("AccessionNumber=X_100%25"));
        Assert.Empty(await StudiesAsync("AccessionNumber=ACC_*"));
        Assert.Empty(await StudiesAsync("AccessionNumber=ACC%25"));
        Assert.Equal([StudyB], await StudiesAsync("ModalitiesInStudy=M?"));
        Assert.Equal(Sorted(StudyA, StudyB), await StudiesAsync("ModalitiesInStudy=CT,MR"));
        Assert.Equal([StudyA], await StudiesAsync($"StudyInstanceUID={StudyA}"));
        Assert.Equal(Sorted(StudyA, StudyB), await StudiesAsync($"StudyInstanceUID={StudyA},{StudyB}"));
        Assert.Equal(Sorted(StudyA, StudyB), await StudiesAsync($"0020000D={StudyA}%5C{StudyB}"));
        Assert.Equal([StudyA], await StudiesAsync("StudyDate=20240101-20241231"));
        Assert.Equal([StudyB], await StudiesAsync("StudyDate=-20231231"));
        Assert.Equal([StudyA], await StudiesAsync("StudyDate=20240101-"));
        Assert.Equal([StudyB], await StudiesAsync("StudyDate=20230101"));
        Assert.Equal([StudyB], await StudiesAsync("StudyTime=1500-1600"));
        Assert.Equal([StudyA], await StudiesAsync("StudyTime=10"));
        Assert.Equal([StudyA], await StudiesAsync("StudyDate=20240312&StudyTime=-1200"));
        // A key of a lower level finds the studies holding a match.
        Assert.Equal([StudyB], await StudiesAsync($"SOPClassUID={MrImageStorage}"));
        Assert.Equal([StudyB], await StudiesAsync("SeriesNumber=5"));
    }

    [Fact]
    public async Task Every_series_key_narrows_the_series()
    {
        var seriesA = SyntheticCtSeries.SeriesInstanceUid(_a);
        var seriesB = SyntheticCtSeries.SeriesInstanceUid(_b);
        Assert.Equal([seriesA], await SeriesAsync("series?Modality=C*"));
        Assert.Equal([seriesB], await SeriesAsync("series?00080060=MR"));
        Assert.Equal([seriesB], await SeriesAsync("series?SeriesNumber=5"));
        Assert.Equal([seriesA], await SeriesAsync("series?SeriesNumber=2"));
        Assert.Equal(Sorted(seriesA, seriesB), await SeriesAsync($"series?SeriesInstanceUID={seriesA},{seriesB}"));
        Assert.Equal([seriesA], await SeriesAsync("series?PerformedProcedureStepStartDate=20240312"));
        Assert.Equal([seriesB], await SeriesAsync("series?PerformedProcedureStepStartDate=20230101-20231231"));
        Assert.Equal([seriesB], await SeriesAsync("series?PerformedProcedureStepStartTime=1530-1540"));
        Assert.Equal([seriesA], await SeriesAsync("series?00400245=101700"));
        Assert.Empty(await SeriesAsync($"studies/{StudyA}/series?Modality=MR"));
        Assert.Equal([seriesB], await SeriesAsync("series?PatientName=smith*"));

        var found = Assert.Single((await QidoAsync($"{_root}/series?SeriesNumber=5")).EnumerateArray());
        Assert.Equal("20230101", Value(found, "00400244"));
        Assert.Equal("153200", Value(found, "00400245"));
        Assert.Equal("Jones^Tom", found.GetProperty("00080090").GetProperty("Value")[0].GetProperty("Alphabetic").GetString());
        Assert.Equal($"{Root(found)}/studies/{StudyB}/series/{seriesB}", Value(found, "00081190"));
    }

    [Fact]
    public async Task Every_instance_key_narrows_the_instances()
    {
        Assert.Equal(5, (await QidoAsync($"{_root}/instances")).GetArrayLength());
        var sevens = await QidoAsync($"{_root}/instances?InstanceNumber=2");
        Assert.Equal(Sorted(SyntheticCtSeries.SopInstanceUid(_a, 1), SyntheticCtSeries.SopInstanceUid(_b, 1)), Uids(sevens, "00080018"));
        Assert.Equal([SyntheticCtSeries.SopInstanceUid(_a, 1)], Uids(await QidoAsync($"{_root}/studies/{StudyA}/instances?00200013=2"), "00080018"));
        Assert.Equal(Sorted(SyntheticCtSeries.SopInstanceUid(_b, 0), SyntheticCtSeries.SopInstanceUid(_b, 1)),
            Uids(await QidoAsync($"{_root}/instances?SOPClassUID={MrImageStorage}"), "00080018"));
        var two = $"{SyntheticCtSeries.SopInstanceUid(_a, 0)},{SyntheticCtSeries.SopInstanceUid(_b, 1)}";
        Assert.Equal(2, (await QidoAsync($"{_root}/instances?SOPInstanceUID={two}")).GetArrayLength());
        Assert.Empty((await QidoAsync($"{_root}/studies/{StudyA}/series/{SyntheticCtSeries.SeriesInstanceUid(_a)}/instances?SOPClassUID={MrImageStorage}")).EnumerateArray());

        // All instances carry the study's and the series' default attributes too (PS3.18 10.6.3.3).
        var one = Assert.Single((await QidoAsync($"{_root}/instances?InstanceNumber=1&PatientID=OTHER*")).EnumerateArray());
        Assert.Equal($"OTHER{_b}", Value(one, "00100020"));
        Assert.Equal("MR", Value(one, "00080060"));
        Assert.Equal(MrImageStorage, Value(one, "00080016"));
    }

    [Fact]
    public async Task Includefield_adds_attributes_by_keyword_tag_or_all_and_warns_about_what_the_index_lacks()
    {
        var plain = Assert.Single((await QidoAsync($"{_root}/studies/{StudyA}/series")).EnumerateArray());
        Assert.False(plain.TryGetProperty("00100010", out _));
        var withPatient = Assert.Single((await QidoAsync($"{_root}/studies/{StudyA}/series?includefield=00100010,StudyDescription")).EnumerateArray());
        Assert.Equal("Pérez^Juan", withPatient.GetProperty("00100010").GetProperty("Value")[0].GetProperty("Alphabetic").GetString());
        Assert.Equal("CT THORAX WITH CONTRAST", Value(withPatient, "00081030"));
        var all = (await QidoAsync($"{_root}/studies/{StudyA}/series/{SyntheticCtSeries.SeriesInstanceUid(_a)}/instances?includefield=all&limit=1"))[0];
        Assert.Equal("García^Lucía", all.GetProperty("00080090").GetProperty("Value")[0].GetProperty("Alphabetic").GetString());
        Assert.Equal("3", Value(all, "00201208"));

        var response = await _hugo.GetAsync($"{_root}/studies?includefield=PatientWeight");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(["299 eucaim \"includefield PatientWeight (00101030) is not kept in the DICOM index and is not returned; WADO-RS returns whole instances.\""],
            response.Headers.GetValues("Warning"));
    }

    [Fact]
    public async Task A_truncated_page_says_so_and_a_limit_above_the_maximum_is_clamped()
    {
        var first = await _hugo.GetAsync($"{_root}/instances?limit=2");
        Assert.Equal(2, JsonDocument.Parse(await first.Content.ReadAsStringAsync()).RootElement.GetArrayLength());
        Assert.Equal(["299 eucaim \"There are additional results that can be requested: this page holds 2; ask again with offset=2.\""], first.Headers.GetValues("Warning"));

        var last = await _hugo.GetAsync($"{_root}/instances?limit=2&offset=4");
        Assert.Equal(1, JsonDocument.Parse(await last.Content.ReadAsStringAsync()).RootElement.GetArrayLength());
        Assert.False(last.Headers.Contains("Warning"));

        var clamped = await _hugo.GetAsync($"{_root}/instances?limit=5000");
        Assert.Equal(HttpStatusCode.OK, clamped.StatusCode);
        Assert.Equal(5, JsonDocument.Parse(await clamped.Content.ReadAsStringAsync()).RootElement.GetArrayLength());
        Assert.Equal(["299 eucaim \"limit 5000 is above the maximum of 1000: at most 1000 results are returned.\""], clamped.Headers.GetValues("Warning"));

        var fuzzy = await _hugo.GetAsync($"{_root}/studies?PatientName=smith*&fuzzymatching=true");
        Assert.Equal(HttpStatusCode.OK, fuzzy.StatusCode);
        Assert.Contains("fuzzymatching is not supported", Assert.Single(fuzzy.Headers.GetValues("Warning")), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("studies?Foo=1", "Foo", "'Foo' is not a QIDO-RS parameter (includefield, limit, offset, fuzzymatching) nor a DICOM keyword or tag.")]
    [InlineData("studies?PatientWeight=70", "PatientWeight", "PatientWeight (00101030) is not a matching key: the DICOM index does not keep it. Matching keys per level are listed in docs/dicomweb.md.")]
    [InlineData("instances?InstanceNumber=7*", "InstanceNumber", "InstanceNumber must be a single whole number (IS values take no wildcards or ranges); got '7*'.")]
    [InlineData("studies?StudyDate=2024", "StudyDate", "StudyDate must be a date YYYYMMDD or a range YYYYMMDD-YYYYMMDD, -YYYYMMDD or YYYYMMDD-; got '2024'.")]
    [InlineData("studies?StudyInstanceUID=1.2.*", "StudyInstanceUID", "StudyInstanceUID must be a UID or a list of UIDs separated by commas (digits and dots, at most 64 characters each); got '1.2.*'.")]
    [InlineData("studies?offset=99999999999", "offset", "offset must be at most 2147483647; got 99999999999.")]
    [InlineData("studies?offset=-1", "offset", "offset must be a whole number of at least 0; got '-1'.")]
    [InlineData("studies?limit=10&limit=20", "limit", "limit is given 2 times; give it once.")]
    [InlineData("studies?limit=0", "limit", "limit must be a whole number of at least 1; got '0'.")]
    [InlineData("studies?PatientID=A&00100020=B", "00100020", "PatientID is given more than once (as PatientID and 00100020); give it once (UIDs and codes take a comma-separated list).")]
    public async Task What_cannot_be_honoured_is_refused_naming_it(string query, string field, string detail)
    {
        var response = await _hugo.GetAsync($"{_root}/{query}");
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{query} → {(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(body).RootElement;
        Assert.True(problem.TryGetProperty("type", out _), body);
        Assert.Equal(detail, problem.GetProperty("detail").GetString());
        Assert.Equal(detail, problem.GetProperty("errors").GetProperty(field)[0].GetString());
    }

    [Fact]
    public async Task Studies_and_series_indexed_before_the_new_matching_keys_are_backfilled()
    {
        var dataset = Guid.Parse(_root[(_root.LastIndexOf('/') + 1)..]);
        // The rows as the index wrote them before ReferringPhysicianName, the PPS start and the series' Manufacturer were kept.
        var reset = await IngestRequests.ScalarAsync(fixture.Platform, """
            WITH st AS (UPDATE dicom_studies SET referring_physician_name = NULL, index_revision = 0 WHERE dataset_id = @d RETURNING 1),
                 se AS (UPDATE dicom_series SET performed_procedure_step_start_date = NULL, performed_procedure_step_start_time = NULL, manufacturer = NULL, index_revision = 0
                        WHERE dataset_id = @d RETURNING 1)
            SELECT (SELECT count(*) FROM st) + (SELECT count(*) FROM se)
            """, ("d", dataset));
        Assert.Equal(4, reset);

        var deadline = DateTime.UtcNow.AddMinutes(3);
        while (await IngestRequests.ScalarAsync(fixture.Platform,
            "SELECT (SELECT count(*) FROM dicom_studies WHERE dataset_id = @d AND index_revision = 0) + (SELECT count(*) FROM dicom_series WHERE dataset_id = @d AND index_revision = 0)",
            ("d", dataset)) > 0)
        {
            Assert.True(DateTime.UtcNow < deadline, "The backfill did not bring the rows up to date within 3 minutes.");
            await Task.Delay(TimeSpan.FromMilliseconds(500));
        }

        Assert.Equal([StudyB], await StudiesAsync("ReferringPhysicianName=jones*"));
        Assert.Equal([StudyA], await StudiesAsync("ReferringPhysicianName=garc*"));
        Assert.Equal([SyntheticCtSeries.SeriesInstanceUid(_b)], await SeriesAsync("series?PerformedProcedureStepStartDate=20230101&PerformedProcedureStepStartTime=1532"));
        Assert.Equal(2, await IngestRequests.ScalarAsync(fixture.Platform,
            "SELECT count(*) FROM dicom_series WHERE dataset_id = @d AND manufacturer = 'EUCAIM Synthetic Scanners'", ("d", dataset)));
    }

    private async Task<List<string>> StudiesAsync(string query) => Uids(await QidoAsync($"{_root}/studies?{query}"), "0020000D");

    private async Task<List<string>> SeriesAsync(string pathAndQuery) => Uids(await QidoAsync($"{_root}/{pathAndQuery}"), "0020000E");

    private Task<JsonElement> QidoAsync(string url) => DicomWebRoundTripTests.QidoAsync(_hugo, url);

    private static List<string> Uids(JsonElement results, string tag) => results.EnumerateArray().Select(r => Value(r, tag)!).Order(StringComparer.Ordinal).ToList();

    private static List<string> Sorted(params string[] uids) => uids.Order(StringComparer.Ordinal).ToList();

    private static string? Value(JsonElement attributes, string tag)
    {
        var value = attributes.GetProperty(tag).GetProperty("Value")[0];
        return value.ValueKind == JsonValueKind.Number ? value.GetRawText() : value.GetString();
    }

    private static string Root(JsonElement result) => Value(result, "00081190")![..Value(result, "00081190")!.IndexOf("/studies/", StringComparison.Ordinal)];
}
