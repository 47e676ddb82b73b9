using System.Buffers.Binary;
using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Eucaim.Dicom;
using Eucaim.Dicom.Synthetic;
using Eucaim.Platform.Tests.Ingest;
using Microsoft.AspNetCore.WebUtilities;

namespace Eucaim.Platform.Tests.DicomWeb;

/// <summary>
/// What a viewer needs from WADO-RS (PS3.18 10.4): metadata at every level with BulkDataURIs that resolve,
/// frames (uncompressed, and compressed as stored), rendered images, Accept honoured with 406, and the
/// RetrieveURLs of a STOW-RS response.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class WadoResourceTests(PlatformFixture fixture)
{
    private const string Corpus = "/usr/lib/python3/dist-packages/pydicom/data/test_files/";
    private const string OctetStreamParts = "multipart/related; type=\"application/octet-stream\"";

    [Fact]
    public async Task Stow_names_retrieve_urls_and_metadata_at_every_level_has_bulk_data_that_resolves()
    {
        using var hugo = await fixture.Platform.CreateApiClientForAsync("hugo");
        var dataset = await IngestRequests.CreateDraftAsync(hugo, $"WADO metadata {Guid.NewGuid():N}");
        var seed = Random.Shared.Next(3_000_000, 4_000_000);
        var instances = TestArchives.Series(seed, 3, size: 24);
        var study = SyntheticCtSeries.StudyInstanceUid(seed);
        var series = SyntheticCtSeries.SeriesInstanceUid(seed);
        var root = $"/dicomweb/datasets/{dataset}";

        var stow = await hugo.SendAsync(new HttpRequestMessage(HttpMethod.Post, $"{root}/studies") { Content = DicomWebRoundTripTests.Multipart(instances) });
        Assert.Equal(HttpStatusCode.OK, stow.StatusCode);
        var stowBody = JsonDocument.Parse(await stow.Content.ReadAsStringAsync()).RootElement;
        Assert.EndsWith($"{root}/studies/{study}", Text(stowBody, "00081190"));
        var referenced = stowBody.GetProperty("00081199").GetProperty("Value").EnumerateArray().ToList();
        Assert.Equal(3, referenced.Count);
        foreach (var item in referenced)
        {
            var url = Text(item, "00081190")!;
            Assert.EndsWith($"{root}/studies/{study}/series/{series}/instances/{Text(item, "00081155")}", url);
            var retrieved = await DicomWebRoundTripTests.WadoAsync(hugo, url);
            Assert.Equal(Text(item, "00081155"), Read(Assert.Single(retrieved)).Dataset.GetString(DicomTags.SopInstanceUid)?.TrimEnd('\0'));
        }

        var studyMetadata = await MetadataAsync(hugo, $"{root}/studies/{study}/metadata");
        Assert.Equal(3, studyMetadata.GetArrayLength());
        Assert.Equal(Enumerable.Range(0, 3).Select(i => SyntheticCtSeries.SopInstanceUid(seed, i)).Order(), studyMetadata.EnumerateArray().Select(m => Text(m, "00080018")).Order());
        Assert.Equal(3, (await MetadataAsync(hugo, $"{root}/studies/{study}/series/{series}/metadata")).GetArrayLength());
        var sop = SyntheticCtSeries.SopInstanceUid(seed, 1);
        var one = Assert.Single((await MetadataAsync(hugo, $"{root}/studies/{study}/series/{series}/instances/{sop}/metadata")).EnumerateArray());
        Assert.Equal(study, Text(one, "0020000D"));
        Assert.Equal($"PAT{seed:D6}", Text(one, "00100020"));
        Assert.Equal("1.2.840.10008.1.2.1", Text(one, "00083002"));
        Assert.Equal("Pérez^Juan", one.GetProperty("00100010").GetProperty("Value")[0].GetProperty("Alphabetic").GetString());
        Assert.Equal(24, one.GetProperty("00280010").GetProperty("Value")[0].GetInt32());
        Assert.False(one.GetProperty("7FE00010").TryGetProperty("InlineBinary", out _));

        // The pixel data's BulkDataURI gives the very pixel data of that instance.
        var bulk = one.GetProperty("7FE00010").GetProperty("BulkDataURI").GetString()!;
        var parts = await PartsAsync(hugo, bulk, OctetStreamParts);
        Assert.Equal(PixelData(instances[1]), Assert.Single(parts).Body);
        using (var single = await GetAsync(hugo, bulk, "application/octet-stream"))
        {
            Assert.Equal("application/octet-stream", single.Content.Headers.ContentType?.MediaType);
            Assert.Equal(PixelData(instances[1]), await single.Content.ReadAsByteArrayAsync());
        }

        // A single application/dicom+xml body is not produced (XML comes as multipart/related parts): 406 with a problem saying what is.
        await AssertNotAcceptableAsync(hugo, $"{root}/studies/{study}/metadata", "application/dicom+xml");
        using var missing = await GetAsync(hugo, $"{root}/studies/1.2.3.4/metadata", "application/dicom+json");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    [Fact]
    public async Task Frames_of_uncompressed_instances_are_their_pixel_data_in_little_endian_and_rendered_as_png()
    {
        using var hugo = await fixture.Platform.CreateApiClientForAsync("hugo");
        var dataset = await IngestRequests.CreateDraftAsync(hugo, $"WADO frames {Guid.NewGuid():N}");
        var seed = Random.Shared.Next(4_000_000, 5_000_000);
        var ct = TestArchives.Series(seed, 1, size: 24)[0];
        var bigEndian = await File.ReadAllBytesAsync(Corpus + "MR_small_bigendian.dcm");
        await StowAsync(hugo, dataset, [ct, bigEndian]);
        var ctUrl = InstanceUrl(dataset, ct);

        var frames = await PartsAsync(hugo, $"{ctUrl}/frames/1", OctetStreamParts);
        var frame = Assert.Single(frames);
        Assert.Equal("application/octet-stream; transfer-syntax=1.2.840.10008.1.2.1", frame.ContentType);
        Assert.Equal(PixelData(ct), frame.Body);
        Assert.Equal(24 * 24 * 2, frame.Body.Length);

        // Big endian pixel data comes back in little endian byte order, as its transfer-syntax says.
        var mr = Assert.Single(await PartsAsync(hugo, $"{InstanceUrl(dataset, bigEndian)}/frames/1", $"{OctetStreamParts}; transfer-syntax=*"));
        Assert.Equal(PixelData(bigEndian), mr.Body);
        Assert.NotEqual(RawPixelValue(bigEndian), mr.Body);

        using (var noFrame = await GetAsync(hugo, $"{ctUrl}/frames/2", OctetStreamParts))
        {
            Assert.Equal(HttpStatusCode.NotFound, noFrame.StatusCode);
        }

        using (var badList = await GetAsync(hugo, $"{ctUrl}/frames/one", OctetStreamParts))
        {
            Assert.Equal(HttpStatusCode.BadRequest, badList.StatusCode);
            Assert.Contains("\"type\"", await badList.Content.ReadAsStringAsync());
        }

        await AssertNotAcceptableAsync(hugo, $"{ctUrl}/frames/1", "multipart/related; type=\"image/jpeg\"");
        await AssertNotAcceptableAsync(hugo, $"{ctUrl}/frames/1", $"{OctetStreamParts}; transfer-syntax=1.2.840.10008.1.2.4.50");

        // Rendered and thumbnail: PNG of the frame's size, showing more than one grey level.
        using (var rendered = await GetAsync(hugo, $"{ctUrl}/rendered", "image/png"))
        {
            Assert.Equal("image/png", rendered.Content.Headers.ContentType?.MediaType);
            var (width, height, pixels) = DecodeGreyPng(await rendered.Content.ReadAsByteArrayAsync());
            Assert.Equal((24, 24), (width, height));
            Assert.True(pixels.Distinct().Count() > 1, "The rendered frame is a single grey level.");
        }

        using (var thumbnail = await GetAsync(hugo, $"/dicomweb/datasets/{dataset}/studies/{SyntheticCtSeries.StudyInstanceUid(seed)}/thumbnail", "image/png"))
        {
            Assert.Equal(HttpStatusCode.OK, thumbnail.StatusCode);
            var (width, height, _) = DecodeGreyPng(await thumbnail.Content.ReadAsByteArrayAsync());
            Assert.Equal((24, 24), (width, height));
        }

        await AssertNotAcceptableAsync(hugo, $"{ctUrl}/rendered", "image/jpeg");
    }

    [Fact]
    public async Task Compressed_frames_come_as_stored_with_their_transfer_syntax_and_what_cannot_be_produced_is_406()
    {
        using var hugo = await fixture.Platform.CreateApiClientForAsync("hugo");
        var dataset = await IngestRequests.CreateDraftAsync(hugo, $"WADO compressed {Guid.NewGuid():N}");
        var rle = await File.ReadAllBytesAsync(Corpus + "SC_rgb_rle_2frame.dcm");
        var jpeg = await File.ReadAllBytesAsync(Corpus + "JPEG-lossy.dcm");
        await StowAsync(hugo, dataset, [rle, jpeg]);

        // RLE, two frames: each frame is its own fragment, in the order asked.
        var rleFragments = Fragments(PixelData(rle));
        Assert.Equal(2, rleFragments.Count);
        var rleUrl = InstanceUrl(dataset, rle);
        var rleFrames = await PartsAsync(hugo, $"{rleUrl}/frames/2,1", "multipart/related; type=\"image/dicom-rle\"");
        Assert.Equal(["image/dicom-rle; transfer-syntax=1.2.840.10008.1.2.5", "image/dicom-rle; transfer-syntax=1.2.840.10008.1.2.5"], rleFrames.Select(f => f.ContentType));
        Assert.Equal(rleFragments[1], rleFrames[0].Body);
        Assert.Equal(rleFragments[0], rleFrames[1].Body);

        // RLE asked by its historical name (dicomweb-client does): the same frames, labelled as asked.
        var historical = await PartsAsync(hugo, $"{rleUrl}/frames/1", "multipart/related; type=\"image/x-dicom-rle\"");
        Assert.Equal(["image/x-dicom-rle; transfer-syntax=1.2.840.10008.1.2.5"], historical.Select(f => f.ContentType));
        Assert.Equal(rleFragments[0], historical[0].Body);

        // As a viewer asks (octet-stream, any syntax): the native encoding, labelled with its transfer syntax.
        var any = await PartsAsync(hugo, $"{rleUrl}/frames/1", $"{OctetStreamParts}; transfer-syntax=*");
        Assert.Equal("application/octet-stream; transfer-syntax=1.2.840.10008.1.2.5", Assert.Single(any).ContentType);
        Assert.Equal(rleFragments[0], any[0].Body);

        // Uncompressed was asked: the server does not decode, so 406.
        await AssertNotAcceptableAsync(hugo, $"{rleUrl}/frames/1", OctetStreamParts);
        await AssertNotAcceptableAsync(hugo, $"{rleUrl}/rendered", "image/png");

        // JPEG extended (process 2 & 4): image/jpeg parts need its transfer syntax named, image/jpeg alone means baseline.
        var jpegUrl = InstanceUrl(dataset, jpeg);
        await AssertNotAcceptableAsync(hugo, $"{jpegUrl}/frames/1", "multipart/related; type=\"image/jpeg\"");
        var jpegFrame = Assert.Single(await PartsAsync(hugo, $"{jpegUrl}/frames/1", "multipart/related; type=\"image/jpeg\"; transfer-syntax=1.2.840.10008.1.2.4.51"));
        Assert.Equal("image/jpeg; transfer-syntax=1.2.840.10008.1.2.4.51", jpegFrame.ContentType);
        Assert.Equal(Fragments(PixelData(jpeg)).SelectMany(f => f).ToArray(), jpegFrame.Body);
        Assert.Equal([0xFF, 0xD8], jpegFrame.Body[..2]);

        // Whole instances: stored as JPEG, so asking for explicit VR little endian or JPEG baseline is 406; as stored or * is the file.
        var study = Read(jpeg).Dataset.GetString(DicomTags.StudyInstanceUid)!.TrimEnd('\0');
        var studyUrl = $"/dicomweb/datasets/{dataset}/studies/{study}";
        await AssertNotAcceptableAsync(hugo, jpegUrl, "multipart/related; type=\"application/dicom\"; transfer-syntax=1.2.840.10008.1.2.1");
        await AssertNotAcceptableAsync(hugo, jpegUrl, "multipart/related; type=\"application/dicom\"; transfer-syntax=1.2.840.10008.1.2.4.50");
        await AssertNotAcceptableAsync(hugo, studyUrl, "application/dicom+xml");
        var asStored = Assert.Single(await PartsAsync(hugo, jpegUrl, "multipart/related; type=\"application/dicom\"; transfer-syntax=1.2.840.10008.1.2.4.51"));
        Assert.Equal("application/dicom; transfer-syntax=1.2.840.10008.1.2.4.51", asStored.ContentType);
        Assert.Equal(jpeg, asStored.Body);
        Assert.Equal(jpeg, Assert.Single(await PartsAsync(hugo, jpegUrl, "multipart/related; type=\"application/dicom\"; transfer-syntax=*")).Body);

        // The metadata of a compressed instance points its pixel data at the frames, as stored.
        var metadata = Assert.Single((await MetadataAsync(hugo, $"{rleUrl}/metadata")).EnumerateArray());
        Assert.Equal("1.2.840.10008.1.2.5", Text(metadata, "00083002"));
        var pixelParts = await PartsAsync(hugo, metadata.GetProperty("7FE00010").GetProperty("BulkDataURI").GetString()!, $"{OctetStreamParts}; transfer-syntax=*");
        Assert.Equal(rleFragments, pixelParts.Select(p => p.Body));
    }

    [Fact]
    public async Task Instances_kept_deflated_from_an_uploaded_archive_read_back_whole_by_frame_and_by_bulk_data()
    {
        using var hugo = await fixture.Platform.CreateApiClientForAsync("hugo");
        var dataset = await IngestRequests.CreateDraftAsync(hugo, $"WADO deflated {Guid.NewGuid():N}");
        var seed = Random.Shared.Next(5_000_000, 6_000_000);
        var instances = TestArchives.Series(seed, 3, size: 64);
        var zip = TestArchives.Zip(instances.Select((bytes, i) => ($"ct/{i}.dcm", bytes)), CompressionLevel.Optimal);
        var upload = await IngestRequests.UploadViewAsync(hugo, await IngestRequests.UploadAsync(hugo, dataset, zip, "deflated.zip"));
        var ingest = await IngestRequests.WaitCompletedAsync(hugo, upload.GetProperty("ingestId").GetGuid());
        Assert.Equal(3, ingest.GetProperty("report").GetProperty("files").GetProperty("stored").GetInt32());

        // The pack holds the archive's deflate streams: fewer bytes than the instances, each read back as it was uploaded.
        Assert.Equal(3, await IngestRequests.ScalarAsync(fixture.Platform,
            "SELECT count(*) FROM dicom_instances WHERE dataset_id = @d AND deflated_size IS NOT NULL AND deflated_size < size", ("d", dataset)));
        var url = InstanceUrl(dataset, instances[1]);
        Assert.Equal(instances[1], Assert.Single(await DicomWebRoundTripTests.WadoAsync(hugo, url)));

        // A frame and the pixel data's bulk data start past the header: inflated from the start of the stream and skipped to.
        var frame = Assert.Single(await PartsAsync(hugo, $"{url}/frames/1", OctetStreamParts));
        Assert.Equal(PixelData(instances[1]), frame.Body);
        var metadata = Assert.Single((await MetadataAsync(hugo, $"{url}/metadata")).EnumerateArray());
        Assert.Equal(SyntheticCtSeries.SopInstanceUid(seed, 1), Text(metadata, "00080018"));
        using var bulk = await GetAsync(hugo, metadata.GetProperty("7FE00010").GetProperty("BulkDataURI").GetString()!, "application/octet-stream");
        Assert.Equal(PixelData(instances[1]), await bulk.Content.ReadAsByteArrayAsync());
    }

    private static async Task StowAsync(HttpClient client, Guid dataset, IEnumerable<byte[]> instances)
    {
        var stow = await client.SendAsync(new HttpRequestMessage(HttpMethod.Post, $"/dicomweb/datasets/{dataset}/studies") { Content = DicomWebRoundTripTests.Multipart(instances) });
        Assert.True(stow.StatusCode == HttpStatusCode.OK, $"STOW-RS → {(int)stow.StatusCode}: {await stow.Content.ReadAsStringAsync()}");
    }

    private static string InstanceUrl(Guid dataset, byte[] file)
    {
        var d = Read(file).Dataset;
        string Uid(DicomTag tag) => d.GetString(tag)!.TrimEnd('\0', ' ');
        return $"/dicomweb/datasets/{dataset}/studies/{Uid(DicomTags.StudyInstanceUid)}/series/{Uid(DicomTags.SeriesInstanceUid)}/instances/{Uid(DicomTags.SopInstanceUid)}";
    }

    private static DicomReadResult Read(byte[] file) => DicomReader.ReadHeader(new MemoryStream(file));

    /// <summary>The pixel data value as the library copies it: little endian, or items for encapsulated data.</summary>
    private static byte[] PixelData(byte[] file)
    {
        using var reader = new DicomReader(new MemoryStream(file));
        reader.ReadHeader();
        using var buffer = new MemoryStream();
        Assert.True(reader.CopyPixelDataTo(buffer));
        return buffer.ToArray();
    }

    /// <summary>The pixel data value's bytes exactly as they lie in the file.</summary>
    private static byte[] RawPixelValue(byte[] file)
    {
        var pixel = Read(file).PixelData!;
        return file.AsSpan((int)pixel.ValueOffset, (int)pixel.Length!.Value).ToArray();
    }

    /// <summary>The fragments of encapsulated pixel data (its items after the basic offset table).</summary>
    private static List<byte[]> Fragments(byte[] items)
    {
        var fragments = new List<byte[]>();
        for (var position = 0; position + 8 <= items.Length;)
        {
            var element = BinaryPrimitives.ReadUInt16LittleEndian(items.AsSpan(position + 2));
            var length = (int)BinaryPrimitives.ReadUInt32LittleEndian(items.AsSpan(position + 4));
            if (element == 0xE0DD)
            {
                break;
            }

            fragments.Add(items.AsSpan(position + 8, length).ToArray());
            position += 8 + length;
        }

        return fragments.Skip(1).ToList();
    }

    private static async Task<HttpResponseMessage> GetAsync(HttpClient client, string url, string accept)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.TryAddWithoutValidation("Accept", accept);
        return await client.SendAsync(request);
    }

    private static async Task<JsonElement> MetadataAsync(HttpClient client, string url)
    {
        using var response = await GetAsync(client, url, "application/dicom+json");
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {url} → {(int)response.StatusCode}: {body}");
        Assert.Equal("application/dicom+json", response.Content.Headers.ContentType?.MediaType);
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    private static async Task<List<(string ContentType, byte[] Body)>> PartsAsync(HttpClient client, string url, string accept)
    {
        using var response = await GetAsync(client, url, accept);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {url} ({accept}) → {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        var type = response.Content.Headers.ContentType!;
        Assert.Equal("multipart/related", type.MediaType);
        var reader = new MultipartReader(type.Parameters.Single(p => p.Name == "boundary").Value!.Trim('"'), await response.Content.ReadAsStreamAsync());
        var parts = new List<(string, byte[])>();
        while (await reader.ReadNextSectionAsync() is { } section)
        {
            using var buffer = new MemoryStream();
            await section.Body.CopyToAsync(buffer);
            parts.Add((section.ContentType!, buffer.ToArray()));
        }

        return parts;
    }

    private static async Task AssertNotAcceptableAsync(HttpClient client, string url, string accept)
    {
        using var response = await GetAsync(client, url, accept);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.NotAcceptable, $"GET {url} ({accept}) → {(int)response.StatusCode}: {body}");
        var problem = JsonDocument.Parse(body).RootElement;
        Assert.False(string.IsNullOrEmpty(problem.GetProperty("type").GetString()));
        Assert.False(string.IsNullOrEmpty(problem.GetProperty("detail").GetString()));
    }

    private static string? Text(JsonElement attributes, string tag) => attributes.GetProperty(tag).GetProperty("Value")[0].GetString();

    /// <summary>Width, height and pixels of an 8-bit greyscale PNG without filtering, as the server writes them.</summary>
    private static (int Width, int Height, byte[] Pixels) DecodeGreyPng(byte[] png)
    {
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], png[..4]);
        int width = BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(16)), height = BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(20));
        Assert.Equal(0, png[25]);
        using var idat = new MemoryStream();
        for (var position = 8; position < png.Length;)
        {
            var length = BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(position));
            if (System.Text.Encoding.ASCII.GetString(png, position + 4, 4) == "IDAT")
            {
                idat.Write(png, position + 8, length);
            }

            position += 12 + length;
        }

        idat.Position = 0;
        using var raw = new MemoryStream();
        using (var zlib = new ZLibStream(idat, CompressionMode.Decompress))
        {
            zlib.CopyTo(raw);
        }

        var rows = raw.ToArray();
        Assert.Equal(height * (width + 1), rows.Length);
        return (width, height, Enumerable.Range(0, height).SelectMany(y => rows.Skip((y * (width + 1)) + 1).Take(width)).ToArray());
    }
}
