using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Eucaim.Platform.Tests.DicomWeb;
using Eucaim.Platform.Tests.Ingest;

namespace Eucaim.Platform.Tests.Platform;

/// <summary>
/// The one input policy, route by route where it used to fail: control characters and over-long
/// strings are 400s naming the field, broken STOW-RS bodies are 400s saying why, and every binding
/// failure is a 400 problem whose <c>errors</c> names the field (the platform runs in Development,
/// where minimal APIs used to throw them as 500s).
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class InputPolicyTests(PlatformFixture fixture)
{
    [Theory]
    [InlineData("/api/datasets?q=a%00b", "q")]
    [InlineData("/api/datasets?q=line%0Abreak", "q")]
    [InlineData("/api/catalogue?after=%00", "after")]
    public async Task A_control_character_in_a_query_parameter_is_a_400_naming_it(string url, string field)
    {
        using var anonymous = fixture.Platform.CreateApiClient();
        await AssertNamesAsync(await anonymous.GetAsync(url), HttpStatusCode.BadRequest, field);
    }

    [Fact]
    public async Task A_control_character_in_an_audit_filter_is_a_400_naming_it()
    {
        using var alba = await fixture.Platform.CreateApiClientForAsync("alba");
        await AssertNamesAsync(await alba.GetAsync("/api/audit?actor=%00"), HttpStatusCode.BadRequest, "actor");
    }

    [Fact]
    public async Task An_over_long_query_value_is_a_400_naming_it()
    {
        using var anonymous = fixture.Platform.CreateApiClient();
        await AssertNamesAsync(await anonymous.GetAsync($"/api/datasets?q={new string('q', 2049)}"), HttpStatusCode.BadRequest, "q");
    }

    [Theory]
    [InlineData("description", "a\u0000b")]
    [InlineData("description", "ring the bell\u0007")]
    [InlineData("gpuType", "NVIDIA\u001b[31m")]
    public async Task A_control_character_in_a_body_field_is_a_400_naming_it(string field, string value)
    {
        using var alba = await fixture.Platform.CreateApiClientForAsync("alba");
        var body = Flavor("input-control");
        body[field] = value;
        await AssertNamesAsync(await alba.PostAsJsonAsync("/api/flavors", body), HttpStatusCode.BadRequest, field);
    }

    [Fact]
    public async Task A_control_character_in_dataset_metadata_is_a_400_naming_it()
    {
        using var hugo = await fixture.Platform.CreateApiClientForAsync("hugo");
        var metadata = Catalogue.CatalogueApi.Metadata("Input policy", IngestRequests.Hm);
        metadata["organization"] = "HM\u0000";
        await AssertNamesAsync(await hugo.PostAsJsonAsync("/api/datasets", metadata), HttpStatusCode.BadRequest, "organization");

        metadata = Catalogue.CatalogueApi.Metadata("Input\u0000policy", IngestRequests.Hm);
        await AssertNamesAsync(await hugo.PostAsJsonAsync("/api/datasets", metadata), HttpStatusCode.BadRequest, "name");
    }

    [Fact]
    public async Task Free_text_keeps_its_line_breaks_and_tabs()
    {
        using var alba = await fixture.Platform.CreateApiClientForAsync("alba");
        var created = await alba.PostAsJsonAsync("/api/job-images", new
        {
            reference = $"registry.example.org/input/lines:{Guid.NewGuid():N}",
            description = "First line.\n\tIndented second line.",
        });
        Assert.True(created.StatusCode == HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Over_long_strings_are_400s_naming_the_field_before_the_database()
    {
        using var alba = await fixture.Platform.CreateApiClientForAsync("alba");
        var flavor = Flavor("input-long");
        flavor["gpuType"] = new string('G', 128);
        await AssertNamesAsync(await alba.PostAsJsonAsync("/api/flavors", flavor), HttpStatusCode.BadRequest, "gpuType");

        var reference = "registry.example.org/" + string.Join("/", Enumerable.Repeat("segment", 70)) + ":1";
        await AssertNamesAsync(await alba.PostAsJsonAsync("/api/job-images", new { reference, description = "long" }), HttpStatusCode.BadRequest, "reference");
        await AssertNamesAsync(await alba.PostAsJsonAsync("/api/job-images", new
        {
            reference = $"registry.example.org/input/long:{Guid.NewGuid():N}",
            description = new string('d', 5000),
        }), HttpStatusCode.BadRequest, "description");
    }

    [Theory]
    [InlineData(5000, "")]
    [InlineData(10, "\u0000")]
    public async Task A_tus_filename_that_is_over_long_or_has_a_nul_is_refused(int length, string inject)
    {
        using var hugo = await fixture.Platform.CreateApiClientForAsync("hugo");
        var dataset = await IngestRequests.CreateDraftAsync(hugo, "Input policy uploads");
        var fileName = new string('f', length / 2) + inject + new string('f', length - (length / 2)) + ".dcm";
        var response = await hugo.SendAsync(IngestRequests.Create(10, IngestRequests.Metadata(("dataset", dataset.ToString()), ("filename", fileName))));
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("filename", body, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("empty", "b", "")]
    [InlineData("no closing delimiter", "b", "--b\r\nContent-Type: application/dicom\r\n\r\nDICM")]
    [InlineData("boundary over 70", "x71", "--x71\r\nContent-Type: application/dicom\r\n\r\nDICM\r\n--x71--\r\n")]
    public async Task A_malformed_STOW_body_is_a_400_with_the_reason(string what, string boundary, string body)
    {
        using var hugo = await fixture.Platform.CreateApiClientForAsync("hugo");
        var dataset = await IngestRequests.CreateDraftAsync(hugo, $"Input policy STOW {what}");
        if (boundary == "x71")
        {
            boundary = new string('x', 71);
            body = body.Replace("x71", boundary, StringComparison.Ordinal);
        }

        var content = new ByteArrayContent(Encoding.ASCII.GetBytes(body));
        content.Headers.TryAddWithoutValidation("Content-Type", $"multipart/related; type=\"application/dicom\"; boundary={boundary}");
        var response = await hugo.PostAsync($"/dicomweb/datasets/{dataset}/studies", content);
        var problem = await AssertNamesAsync(response, HttpStatusCode.BadRequest, "body");
        Assert.Equal(0, problem.GetProperty("stored").GetInt32());
    }

    // 40 instances: the first batch of 32 is still being stored while the rest of the body is read when the fault comes.
    [Theory]
    [InlineData(1)]
    [InlineData(40)]
    public async Task The_instances_before_a_malformed_STOW_tail_stay_stored_and_are_counted(int before)
    {
        using var hugo = await fixture.Platform.CreateApiClientForAsync("hugo");
        var dataset = await IngestRequests.CreateDraftAsync(hugo, $"Input policy STOW tail after {before}");
        var seed = Random.Shared.Next(3_000_000, 4_000_000);
        var parts = TestArchives.Series(seed, before, size: 16)
            .SelectMany(instance => (byte[])[.. Encoding.ASCII.GetBytes("--b\r\nContent-Type: application/dicom\r\n\r\n"), .. instance, .. "\r\n"u8]);
        var tail = Encoding.ASCII.GetBytes("--b\r\nContent-Type: application/dicom\r\n\r\nDICM");
        var content = new ByteArrayContent([.. parts, .. tail]);
        content.Headers.TryAddWithoutValidation("Content-Type", "multipart/related; type=\"application/dicom\"; boundary=b");

        var problem = await AssertNamesAsync(await hugo.PostAsync($"/dicomweb/datasets/{dataset}/studies", content), HttpStatusCode.BadRequest, "body");
        Assert.Equal(before, problem.GetProperty("stored").GetInt32());
        var instances = await hugo.GetAsync($"/dicomweb/datasets/{dataset}/instances");
        Assert.Equal(HttpStatusCode.OK, instances.StatusCode);
        Assert.Equal(before, JsonDocument.Parse(await instances.Content.ReadAsStringAsync()).RootElement.GetArrayLength());
    }

    [Theory]
    [InlineData("alba", "/api/users?limit=abc", "limit")]
    [InlineData("alba", "/api/users?limit=99999999999999999999", "limit")]
    [InlineData("", "/api/catalogue?after=notuuid", "after")]
    [InlineData("alba", "/api/audit?before=12x", "before")]
    [InlineData("alba", "/api/audit?from=yesterday", "from")]
    [InlineData("rita", "/api/notifications?unread=maybe", "unread")]
    public async Task A_query_value_of_the_wrong_type_is_a_400_naming_it(string user, string url, string field)
    {
        using var client = user.Length == 0 ? fixture.Platform.CreateApiClient() : await fixture.Platform.CreateApiClientForAsync(user);
        await AssertNamesAsync(await client.GetAsync(url), HttpStatusCode.BadRequest, field);
    }

    [Theory]
    [InlineData("{", "body")]
    [InlineData("[]", "body")]
    [InlineData("{\"name\":\"input-types\",\"cpuMillicores\":\"lots\"}", "cpuMillicores")]
    [InlineData("{\"name\":\"input-types\",\"memoryMib\":99999999999999999999}", "memoryMib")]
    [InlineData("{\"name\":\"input-types\",\"nodeSelector\":\"a=b\"}", "nodeSelector")]
    [InlineData("{\"name\":\"input-types\",\"tolerations\":[1]}", "tolerations[0]")]
    public async Task A_malformed_or_mistyped_body_is_a_400_naming_the_field(string json, string field)
    {
        using var alba = await fixture.Platform.CreateApiClientForAsync("alba");
        var response = await alba.PostAsync("/api/flavors", new StringContent(json, Encoding.UTF8, "application/json"));
        await AssertNamesAsync(response, HttpStatusCode.BadRequest, field);
    }

    [Fact]
    public async Task A_body_in_an_unknown_charset_is_a_415_naming_the_content_type()
    {
        using var alba = await fixture.Platform.CreateApiClientForAsync("alba");
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes("{}"));
        content.Headers.TryAddWithoutValidation("Content-Type", "application/json; charset=klingon");
        await AssertNamesAsync(await alba.PostAsync("/api/flavors", content), HttpStatusCode.UnsupportedMediaType, "Content-Type");
    }

    private static Dictionary<string, object?> Flavor(string name) => new()
    {
        ["name"] = name,
        ["description"] = "A flavor of the input policy tests.",
        ["cpuMillicores"] = 1000,
        ["memoryMib"] = 2048,
        ["gpuCount"] = 1,
        ["gpuType"] = "NVIDIA-A100-SXM4-80GB",
        ["nodeSelector"] = Array.Empty<string>(),
        ["tolerations"] = Array.Empty<string>(),
        ["maxRuntimeMinutes"] = 60,
    };

    /// <summary>Asserts a problem document of <paramref name="status"/> whose <c>errors</c> names <paramref name="field"/>.</summary>
    private static async Task<JsonElement> AssertNamesAsync(HttpResponseMessage response, HttpStatusCode status, string field)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri}: expected {(int)status}, got {(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(body).RootElement.Clone();
        Assert.True(problem.TryGetProperty("type", out _), body);
        var errors = problem.GetProperty("errors").EnumerateObject().Select(e => e.Name).ToList();
        Assert.True(errors.Contains(field), $"errors should name '{field}': {body}");
        return problem;
    }
}
