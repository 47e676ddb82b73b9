using System.Net;
using System.Xml.Linq;
using Eucaim.Dicom;
using Eucaim.Dicom.Synthetic;
using Eucaim.Platform.Tests.Ingest;
using Microsoft.AspNetCore.WebUtilities;

namespace Eucaim.Platform.Tests.DicomWeb;

/// <summary>
/// QIDO-RS results and WADO-RS metadata as <c>multipart/related; type="application/dicom+xml"</c> (PS3.18 8.7.3, PS3.19
/// Native DICOM Model): chosen by the Accept header's q-values, one part per result or instance, the same attributes as
/// the JSON, and an instance's document equal to dcm2xml's of the stored file; what is neither form is 406.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class DicomXmlTests(PlatformFixture fixture)
{
    private const string Corpus = "/usr/lib/python3/dist-packages/pydicom/data/test_files/";
    private const string XmlParts = "multipart/related; type=\"application/dicom+xml\"";
    private static readonly XNamespace Ns = "http://dicom.nema.org/PS3.19/models/NativeDICOM";

    [Fact]
    public async Task Metadata_of_real_files_as_xml_equals_dcm2xml_of_the_stored_file()
    {
        using var hugo = await fixture.Platform.CreateApiClientForAsync("hugo");
        var dataset = await IngestRequests.CreateDraftAsync(hugo, $"DICOM XML {Guid.NewGuid():N}");
        string[] names = ["CT_small.dcm", "MR_small.dcm", "rtplan.dcm"];
        var files = names.Select(n => File.ReadAllBytes(Corpus + n)).ToList();
        var stow = await hugo.SendAsync(new HttpRequestMessage(HttpMethod.Post, $"/dicomweb/datasets/{dataset}/studies") { Content = DicomWebRoundTripTests.Multipart(files) });
        Assert.True(stow.StatusCode == HttpStatusCode.OK, $"STOW-RS → {(int)stow.StatusCode}: {await stow.Content.ReadAsStringAsync()}");

        for (var i = 0; i < names.Length; i++)
        {
            var url = InstanceUrl(dataset, files[i]);
            var parts = await PartsAsync(hugo, $"{url}/metadata", XmlParts);
            var (contentType, location, document) = Assert.Single(parts);
            Assert.Equal("application/dicom+xml", contentType.Split(';')[0]);
            Assert.EndsWith(url, location);

            var differences = NativeModelComparison.Differences(NativeModelComparison.Dcm2Xml(Corpus + names[i]), document, new HashSet<string> { "00083002" });
            Assert.True(differences.Count == 0, $"{names[i]}:\n{string.Join("\n", differences)}");

            // What the platform adds or serves by reference: the stored transfer syntax, and pixel data as a BulkData that resolves.
            Assert.NotNull(Attribute(document, "00083002").Element(Ns + "Value"));
            if (Attribute(document, "7FE00010", optional: true) is { } pixel)
            {
                var uri = (string)pixel.Element(Ns + "BulkData")!.Attribute("uri")!;
                Assert.EndsWith($"{url}/bulkdata/7FE00010", uri);
                Assert.NotEmpty(await PartsAsync(hugo, uri, "multipart/related; type=\"application/octet-stream\"; transfer-syntax=*", parse: false));
            }
        }
    }

    [Fact]
    public async Task Qido_and_study_metadata_as_xml_have_one_part_per_result_and_the_json_attributes()
    {
        using var hugo = await fixture.Platform.CreateApiClientForAsync("hugo");
        var dataset = await IngestRequests.CreateDraftAsync(hugo, $"DICOM XML QIDO {Guid.NewGuid():N}");
        var seed = Random.Shared.Next(6_000_000, 7_000_000);
        var stow = await hugo.SendAsync(new HttpRequestMessage(HttpMethod.Post, $"/dicomweb/datasets/{dataset}/studies") { Content = DicomWebRoundTripTests.Multipart(TestArchives.Series(seed, 3, size: 8)) });
        Assert.Equal(HttpStatusCode.OK, stow.StatusCode);
        var root = $"/dicomweb/datasets/{dataset}";
        var study = SyntheticCtSeries.StudyInstanceUid(seed);

        var results = await PartsAsync(hugo, $"{root}/instances?includefield=PatientName", XmlParts);
        Assert.Equal(3, results.Count);
        using var json = System.Text.Json.JsonDocument.Parse(await hugo.GetStringAsync($"{root}/instances?includefield=PatientName"));
        var jsonTags = json.RootElement.EnumerateArray().First().EnumerateObject().Select(p => p.Name).ToList();
        foreach (var (contentType, _, document) in results)
        {
            Assert.Equal("application/dicom+xml", contentType.Split(';')[0]);
            var attributes = document.Elements(Ns + "DicomAttribute").ToList();
            Assert.Equal(jsonTags, attributes.Select(a => (string)a.Attribute("tag")!));
            Assert.Equal("SOPInstanceUID", (string?)Attribute(document, "00080018").Attribute("keyword"));
            Assert.Equal(["Pérez", "Juan"], Attribute(document, "00100010").Element(Ns + "PersonName")!.Element(Ns + "Alphabetic")!.Elements().Select(e => e.Value));
            Assert.StartsWith("http", Attribute(document, "00081190").Element(Ns + "Value")!.Value);
        }

        Assert.Equal(
            Enumerable.Range(0, 3).Select(i => SyntheticCtSeries.SopInstanceUid(seed, i)).Order(),
            results.Select(r => Attribute(r.Document, "00080018").Element(Ns + "Value")!.Value).Order());
        var studies = await PartsAsync(hugo, $"{root}/studies", XmlParts);
        Assert.Equal(study, Attribute(Assert.Single(studies).Document, "0020000D").Element(Ns + "Value")!.Value);
        Assert.Equal(3, (await PartsAsync(hugo, $"{root}/studies/{study}/metadata", XmlParts)).Count);

        // q-values decide; */* and application/json are JSON; anything else is 406 naming both forms.
        Assert.Equal(3, (await PartsAsync(hugo, $"{root}/instances", $"application/dicom+json;q=0.5, {XmlParts}")).Count);
        Assert.Equal("application/dicom+json", await MediaTypeAsync(hugo, $"{root}/instances", $"{XmlParts};q=0.4, application/dicom+json"));
        Assert.Equal("application/dicom+json", await MediaTypeAsync(hugo, $"{root}/studies/{study}/metadata", "application/json"));
        Assert.Equal("application/dicom+json", await MediaTypeAsync(hugo, $"{root}/studies", "*/*"));
        foreach (var url in new[] { $"{root}/studies", $"{root}/studies/{study}/metadata" })
        {
            foreach (var accept in new[] { "application/dicom+xml", "text/html", $"{XmlParts};q=0, application/dicom+json;q=0", "multipart/related; type=\"application/dicom\"" })
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, url);
                request.Headers.TryAddWithoutValidation("Accept", accept);
                using var response = await hugo.SendAsync(request);
                var body = await response.Content.ReadAsStringAsync();
                Assert.True(response.StatusCode == HttpStatusCode.NotAcceptable, $"GET {url} ({accept}) → {(int)response.StatusCode}: {body}");
                var problem = System.Text.Json.JsonDocument.Parse(body).RootElement;
                Assert.False(string.IsNullOrEmpty(problem.GetProperty("type").GetString()));
                Assert.Equal(["application/dicom+json", XmlParts], problem.GetProperty("available").EnumerateArray().Select(a => a.GetString()));
            }
        }
    }

    private static XElement Attribute(XElement document, string tag) => Attribute(document, tag, optional: false)!;

    private static XElement? Attribute(XElement document, string tag, bool optional)
    {
        var found = document.Elements(Ns + "DicomAttribute").Where(a => (string?)a.Attribute("tag") == tag).ToList();
        Assert.True(optional ? found.Count <= 1 : found.Count == 1, $"{found.Count} DicomAttribute(s) with tag {tag}");
        return found.SingleOrDefault();
    }

    private static string InstanceUrl(Guid dataset, byte[] file)
    {
        var d = DicomReader.ReadHeader(new MemoryStream(file)).Dataset;
        string Uid(DicomTag tag) => d.GetString(tag)!.TrimEnd('\0', ' ');
        return $"/dicomweb/datasets/{dataset}/studies/{Uid(DicomTags.StudyInstanceUid)}/series/{Uid(DicomTags.SeriesInstanceUid)}/instances/{Uid(DicomTags.SopInstanceUid)}";
    }

    private static async Task<string?> MediaTypeAsync(HttpClient client, string url, string accept)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.TryAddWithoutValidation("Accept", accept);
        using var response = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return response.Content.Headers.ContentType?.MediaType;
    }

    /// <summary>The parts of a multipart/related answer, each parsed as a NativeDicomModel document (validated: root element and namespace).</summary>
    private static async Task<List<(string ContentType, string? Location, XElement Document)>> PartsAsync(HttpClient client, string url, string accept, bool parse = true)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.TryAddWithoutValidation("Accept", accept);
        using var response = await client.SendAsync(request);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {url} ({accept}) → {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        var type = response.Content.Headers.ContentType!;
        Assert.Equal("multipart/related", type.MediaType);
        var reader = new MultipartReader(type.Parameters.Single(p => p.Name == "boundary").Value!.Trim('"'), await response.Content.ReadAsStreamAsync());
        var parts = new List<(string, string?, XElement)>();
        while (await reader.ReadNextSectionAsync() is { } section)
        {
            if (!parse)
            {
                parts.Add((section.ContentType!, null, new XElement("part")));
                continue;
            }

            Assert.Equal("\"application/dicom+xml\"", type.Parameters.Single(p => p.Name == "type").Value);
            using var buffer = new MemoryStream();
            await section.Body.CopyToAsync(buffer);
            var text = System.Text.Encoding.UTF8.GetString(buffer.ToArray());
            Assert.True(text.Length > 0, $"GET {url}: an empty part ({section.ContentType})");
            var document = XDocument.Parse(text, LoadOptions.PreserveWhitespace).Root!;
            Assert.Equal(Ns + "NativeDicomModel", document.Name);
            Assert.All(document.Elements(), e => Assert.Equal(Ns + "DicomAttribute", e.Name));
            parts.Add((section.ContentType!, section.Headers!.TryGetValue("Content-Location", out var location) ? location.ToString() : null, document));
        }

        return parts;
    }
}
