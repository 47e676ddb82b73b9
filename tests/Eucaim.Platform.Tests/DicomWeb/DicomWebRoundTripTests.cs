using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Eucaim.Dicom.Synthetic;
using Eucaim.Platform.Tests.Ingest;
using Microsoft.AspNetCore.WebUtilities;

namespace Eucaim.Platform.Tests.DicomWeb;

/// <summary>STOW-RS a study into a draft, find it with QIDO-RS, get the very same bytes back with WADO-RS.</summary>
[Collection(PlatformCollection.Name)]
public sealed class DicomWebRoundTripTests(PlatformFixture fixture)
{
    [Fact]
    public async Task A_stored_study_is_found_with_its_attributes_and_retrieved_byte_identical()
    {
        using var hugo = await fixture.Platform.CreateApiClientForAsync("hugo");
        var dataset = await IngestRequests.CreateDraftAsync(hugo, $"DICOMweb {Guid.NewGuid():N}");
        var seed = Random.Shared.Next(2_000_000, 3_000_000);
        var instances = TestArchives.Series(seed, 4, size: 24);
        var study = SyntheticCtSeries.StudyInstanceUid(seed);
        var series = SyntheticCtSeries.SeriesInstanceUid(seed);
        var root = $"/dicomweb/datasets/{dataset}";

        var stow = await hugo.SendAsync(new HttpRequestMessage(HttpMethod.Post, $"{root}/studies") { Content = Multipart(instances) });
        var stowBody = await stow.Content.ReadAsStringAsync();
        Assert.True(stow.StatusCode == HttpStatusCode.OK, $"STOW-RS → {(int)stow.StatusCode}: {stowBody}");
        Assert.Equal("application/dicom+json", stow.Content.Headers.ContentType?.MediaType);
        var referenced = JsonDocument.Parse(stowBody).RootElement.GetProperty("00081199").GetProperty("Value");
        Assert.Equal(4, referenced.GetArrayLength());

        var studies = await QidoAsync(hugo, $"{root}/studies?StudyInstanceUID={study}");
        var found = Assert.Single(studies.EnumerateArray());
        Assert.Equal(study, Value(found, "0020000D"));
        Assert.Equal($"PAT{seed:D6}", Value(found, "00100020"));
        Assert.Equal("20240312", Value(found, "00080020"));
        Assert.Equal("CT", Value(found, "00080061"));
        Assert.Equal($"ACC{seed:D6}", Value(found, "00080050"));
        Assert.Equal("4", Value(found, "00201208"));
        Assert.Equal("Pérez^Juan", found.GetProperty("00100010").GetProperty("Value")[0].GetProperty("Alphabetic").GetString());
        Assert.Empty((await QidoAsync(hugo, $"{root}/studies?StudyDate=19990101-19991231")).EnumerateArray());
        Assert.Single((await QidoAsync(hugo, $"{root}/studies?StudyDate=20240101-20241231&ModalitiesInStudy=CT")).EnumerateArray());

        var seriesList = await QidoAsync(hugo, $"{root}/studies/{study}/series");
        Assert.Equal(series, Value(Assert.Single(seriesList.EnumerateArray()), "0020000E"));
        var instanceList = await QidoAsync(hugo, $"{root}/studies/{study}/series/{series}/instances");
        Assert.Equal(4, instanceList.GetArrayLength());
        Assert.Equal(SyntheticCtSeries.SopInstanceUid(seed, 0), Value(instanceList[0], "00080018"));

        var retrieved = await WadoAsync(hugo, $"{root}/studies/{study}");
        Assert.Equal(instances.Count, retrieved.Count);
        foreach (var instance in instances)
        {
            Assert.Contains(retrieved, r => r.AsSpan().SequenceEqual(instance));
        }

        var one = await WadoAsync(hugo, $"{root}/studies/{study}/series/{series}/instances/{SyntheticCtSeries.SopInstanceUid(seed, 2)}");
        Assert.Equal(instances[2], Assert.Single(one));

        // Storing the same instances again changes nothing (STOW-RS retries are safe).
        var again = await hugo.SendAsync(new HttpRequestMessage(HttpMethod.Post, $"{root}/studies") { Content = Multipart(instances) });
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal(4, await IngestRequests.ScalarAsync(fixture.Platform, "SELECT count(*) FROM dicom_instances WHERE dataset_id = @d", ("d", dataset)));
    }

    [Fact]
    public async Task A_part_that_is_not_dicom_fails_alone()
    {
        using var hugo = await fixture.Platform.CreateApiClientForAsync("hugo");
        var dataset = await IngestRequests.CreateDraftAsync(hugo, $"DICOMweb partial {Guid.NewGuid():N}");
        var good = TestArchives.Series(Random.Shared.Next(), 1)[0];
        var response = await hugo.SendAsync(new HttpRequestMessage(HttpMethod.Post, $"/dicomweb/datasets/{dataset}/studies")
        {
            Content = Multipart([good, Encoding.UTF8.GetBytes("hello, not DICOM")]),
        });
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(1, body.GetProperty("00081199").GetProperty("Value").GetArrayLength());
        var failed = Assert.Single(body.GetProperty("00081198").GetProperty("Value").EnumerateArray());
        Assert.Equal(0xC000, failed.GetProperty("00081197").GetProperty("Value")[0].GetInt32());

        var wrongType = await hugo.PostAsync($"/dicomweb/datasets/{dataset}/studies", new ByteArrayContent(good) { Headers = { ContentType = new("application/dicom") } });
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, wrongType.StatusCode);
    }

    [Theory]
    [InlineData("rita")]
    [InlineData("clara")]
    [InlineData("kai")]
    public async Task Only_the_data_holder_and_admins_reach_a_dataset_s_dicomweb(string login)
    {
        using var hugo = await fixture.Platform.CreateApiClientForAsync("hugo");
        var dataset = await IngestRequests.CreateDraftAsync(hugo, $"DICOMweb access {Guid.NewGuid():N}");
        var instance = TestArchives.Series(Random.Shared.Next(), 1)[0];
        var stored = await hugo.SendAsync(new HttpRequestMessage(HttpMethod.Post, $"/dicomweb/datasets/{dataset}/studies") { Content = Multipart([instance]) });
        Assert.Equal(HttpStatusCode.OK, stored.StatusCode);

        using var other = await fixture.Platform.CreateApiClientForAsync(login);
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync($"/dicomweb/datasets/{dataset}/studies")).StatusCode);
        var stow = await other.SendAsync(new HttpRequestMessage(HttpMethod.Post, $"/dicomweb/datasets/{dataset}/studies") { Content = Multipart([instance]) });
        Assert.Equal(HttpStatusCode.NotFound, stow.StatusCode);

        using var alba = await fixture.Platform.CreateApiClientForAsync("alba");
        Assert.Single((await QidoAsync(alba, $"/dicomweb/datasets/{dataset}/studies")).EnumerateArray());
        using var anonymous = fixture.Platform.CreateApiClient();
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync($"/dicomweb/datasets/{dataset}/studies")).StatusCode);
    }

    internal static MultipartContent Multipart(IEnumerable<byte[]> parts)
    {
        var content = new MultipartContent("related", $"stow-{Guid.NewGuid():N}");
        content.Headers.ContentType!.Parameters.Add(new NameValueHeaderValue("type", "\"application/dicom\""));
        foreach (var part in parts)
        {
            var body = new ByteArrayContent(part);
            body.Headers.ContentType = new MediaTypeHeaderValue("application/dicom");
            content.Add(body);
        }

        return content;
    }

    internal static async Task<JsonElement> QidoAsync(HttpClient client, string url)
    {
        var response = await client.GetAsync(url);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {url} → {(int)response.StatusCode}: {body}");
        Assert.Equal("application/dicom+json", response.Content.Headers.ContentType?.MediaType);
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    private static string? Value(JsonElement attributes, string tag)
    {
        var value = attributes.GetProperty(tag).GetProperty("Value")[0];
        return value.ValueKind == JsonValueKind.Number ? value.GetRawText() : value.GetString();
    }

    internal static async Task<List<byte[]>> WadoAsync(HttpClient client, string url)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Accept.ParseAdd("multipart/related; type=\"application/dicom\"");
        var response = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var type = response.Content.Headers.ContentType!;
        Assert.Equal("multipart/related", type.MediaType);
        var boundary = type.Parameters.Single(p => p.Name == "boundary").Value!.Trim('"');
        var reader = new MultipartReader(boundary, await response.Content.ReadAsStreamAsync());
        var parts = new List<byte[]>();
        while (await reader.ReadNextSectionAsync() is { } section)
        {
            // Each part names the transfer syntax the instance is stored in (PS3.18 8.7.3.5.1).
            var partType = MediaTypeHeaderValue.Parse(section.ContentType!);
            Assert.Equal("application/dicom", partType.MediaType);
            Assert.Contains(partType.Parameters, p => p.Name == "transfer-syntax" && p.Value!.StartsWith("1.2.840.10008.1.2", StringComparison.Ordinal));
            using var buffer = new MemoryStream();
            await section.Body.CopyToAsync(buffer);
            parts.Add(buffer.ToArray());
        }

        return parts;
    }
}
