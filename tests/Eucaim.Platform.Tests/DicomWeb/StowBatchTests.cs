using System.Net;
using System.Text.Json;
using Eucaim.Dicom.Synthetic;
using Eucaim.Platform.Tests.Ingest;
using Eucaim.Platform.Tests.Storage;

namespace Eucaim.Platform.Tests.DicomWeb;

/// <summary>
/// A STOW-RS request is stored in batches (one index transaction per batch): copies inside one
/// request and instances already stored end as they would one after the other.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class StowBatchTests(PlatformFixture fixture)
{
    [Fact]
    public async Task Copies_in_one_request_and_instances_already_stored_are_indexed_once_across_batches()
    {
        using var hugo = await fixture.Platform.CreateApiClientForAsync("hugo");
        var dataset = await IngestRequests.CreateDraftAsync(hugo, $"STOW batches {Guid.NewGuid():N}");
        var seed = Random.Shared.Next(3_000_000, 4_000_000);
        var root = $"/dicomweb/datasets/{dataset}";
        var stored = SyntheticCtSeries.CreateFile(seed, 0);
        var copied = SyntheticCtSeries.CreateFile(seed, 1);
        var impostor = SyntheticCtSeries.CreateFile(seed, 1, edit: d => d.SetString(Eucaim.Dicom.DicomTags.SeriesDescription, Eucaim.Dicom.DicomVR.LO, "changed"));
        var first = await hugo.SendAsync(new HttpRequestMessage(HttpMethod.Post, $"{root}/studies") { Content = DicomWebRoundTripTests.Multipart([stored]) });
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);

        // 44 parts: more than one batch; the copy comes again in the next batch, and the impostor of it there too.
        var others = TestArchives.Series(seed, 40).Skip(2).ToList();
        List<byte[]> parts = [copied, copied, stored, .. others, copied, impostor, stored];
        var response = await hugo.SendAsync(new HttpRequestMessage(HttpMethod.Post, $"{root}/studies") { Content = DicomWebRoundTripTests.Multipart(parts) });
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, $"STOW-RS → {(int)response.StatusCode}: {body}");
        var json = JsonDocument.Parse(body).RootElement;
        var referenced = json.GetProperty("00081199").GetProperty("Value").EnumerateArray().Select(r => r.GetProperty("00081155").GetProperty("Value")[0].GetString()).ToList();
        string[] expected = [.. new[] { 1, 1, 0 }.Concat(Enumerable.Range(2, 38)).Append(1).Append(0).Select(i => SyntheticCtSeries.SopInstanceUid(seed, i))];
        Assert.Equal(expected, referenced);
        var failed = Assert.Single(json.GetProperty("00081198").GetProperty("Value").EnumerateArray());
        Assert.Equal(SyntheticCtSeries.SopInstanceUid(seed, 1), failed.GetProperty("00081155").GetProperty("Value")[0].GetString());
        Assert.Equal(0x0110, failed.GetProperty("00081197").GetProperty("Value")[0].GetInt32());

        Assert.Equal(40, await IngestRequests.ScalarAsync(fixture.Platform, "SELECT count(*) FROM dicom_instances WHERE dataset_id = @d", ("d", dataset)));
        Assert.Equal(40, await IngestRequests.ScalarAsync(fixture.Platform, "SELECT count(DISTINCT sop_instance_uid) FROM dicom_instances WHERE dataset_id = @d", ("d", dataset)));
        Assert.Equal(1, await IngestRequests.ScalarAsync(fixture.Platform, "SELECT count(*) FROM dicom_series WHERE dataset_id = @d", ("d", dataset)));
        Assert.Equal(copied, await StoredBlobs.InstanceAsync(fixture.Platform, dataset, 1, SyntheticCtSeries.SopInstanceUid(seed, 1)));
        var retrieved = await DicomWebRoundTripTests.WadoAsync(hugo, $"{root}/studies/{SyntheticCtSeries.StudyInstanceUid(seed)}");
        Assert.Equal(40, retrieved.Count);
    }
}
