using Eucaim.Dicom.Synthetic;
using Eucaim.Platform.Tests.Storage;

namespace Eucaim.Platform.Tests.Ingest;

/// <summary>
/// The worker stores an archive in batches (one index transaction per batch): copies in one batch,
/// across batches and of instances already stored end as they would one after the other.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class IngestBatchTests(PlatformFixture fixture)
{
    [Fact]
    public async Task An_archive_of_several_batches_with_copies_and_an_impostor_indexes_each_sop_instance_uid_once()
    {
        using var hugo = await fixture.Platform.CreateApiClientForAsync("hugo");
        var dataset = await IngestRequests.CreateDraftAsync(hugo, $"Ingest batches {Guid.NewGuid():N}");
        var seed = Random.Shared.Next(4_000_000, 5_000_000);
        var series = TestArchives.Series(seed, 41);
        var stow = await hugo.SendAsync(new HttpRequestMessage(HttpMethod.Post, $"/dicomweb/datasets/{dataset}/studies")
        {
            Content = DicomWeb.DicomWebRoundTripTests.Multipart([series[40]]),
        });
        Assert.Equal(System.Net.HttpStatusCode.OK, stow.StatusCode);

        // Entries are read in name order: s000…s039 and the copy of s010 fill the first batch and part of the
        // second; the impostor of s007 and the copy of the instance stored above come last.
        var impostor = SyntheticCtSeries.CreateFile(seed, 7, edit: d => d.SetString(Eucaim.Dicom.DicomTags.SeriesDescription, Eucaim.Dicom.DicomVR.LO, "changed"));
        var entries = series.Take(40).Select((s, i) => ($"s{i:D3}.dcm", s))
            .Append(("s010-copy.dcm", series[10]))
            .Append(("y-stored.dcm", series[40]))
            .Append(("z-impostor.dcm", impostor));
        var location = await IngestRequests.UploadAsync(hugo, dataset, TestArchives.Zip(entries), "batches.zip");
        var ingest = await IngestRequests.WaitCompletedAsync(hugo, (await IngestRequests.UploadViewAsync(hugo, location)).GetProperty("ingestId").GetGuid());

        Assert.Equal("completed", ingest.GetProperty("state").GetString());
        var report = ingest.GetProperty("report");
        var files = report.GetProperty("files");
        Assert.Equal(43, files.GetProperty("total").GetInt32());
        Assert.Equal(40, files.GetProperty("stored").GetInt32());
        Assert.Equal(2, files.GetProperty("duplicates").GetInt32());
        Assert.Equal(1, files.GetProperty("rejected").GetInt32());
        // Batches are stored in parallel, so either of the two files with SOP Instance UID 7 may come first: one is kept, the other rejected.
        var rejected = Assert.Single(report.GetProperty("rejectedFiles").EnumerateArray());
        var loser = rejected.GetProperty("name").GetString();
        Assert.Contains(loser, new[] { "batches.zip/s007.dcm", "batches.zip/z-impostor.dcm" });
        Assert.Contains(rejected.GetProperty("findings").EnumerateArray(), f => f.GetProperty("code").GetString() == "DuplicateSopInstanceUid");
        Assert.Equal(0, await IngestRequests.ScalarAsync(fixture.Platform,
            "SELECT count(*) FROM ingest_files f JOIN uploads u ON u.id = f.upload_id WHERE u.dataset_id = @d AND f.state = 'Pending'", ("d", dataset)));

        Assert.Equal(41, await IngestRequests.ScalarAsync(fixture.Platform, "SELECT count(*) FROM dicom_instances WHERE dataset_id = @d", ("d", dataset)));
        Assert.Equal(41, await IngestRequests.ScalarAsync(fixture.Platform, "SELECT count(DISTINCT sop_instance_uid) FROM dicom_instances WHERE dataset_id = @d", ("d", dataset)));
        Assert.Equal(40, await IngestRequests.ScalarAsync(fixture.Platform,
            "SELECT count(*) FROM dicom_instances WHERE dataset_id = @d AND ingest_file_id IS NOT NULL", ("d", dataset)));
        Assert.Equal(loser == "batches.zip/s007.dcm" ? impostor : series[7], await StoredBlobs.InstanceAsync(fixture.Platform, dataset, 1, SyntheticCtSeries.SopInstanceUid(seed, 7)));
    }
}
