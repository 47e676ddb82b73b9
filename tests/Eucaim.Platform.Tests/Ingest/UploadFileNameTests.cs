using System.Net;
using System.Text;
using System.Text.Json;
using Eucaim.Platform.Tests.Catalogue;

namespace Eucaim.Platform.Tests.Ingest;

/// <summary>The name a tus client sends is only ever shown and used normalised; the original is kept beside it.</summary>
[Collection(PlatformCollection.Name)]
public sealed class UploadFileNameTests(PlatformFixture fixture)
{
    private const string Hostile = "../../etc/pass\r\nwd<script>alert(1).txt";
    private const string Normalised = "passwd_script_alert(1).txt";

    [Fact]
    public async Task A_hostile_filename_is_stored_and_shown_as_its_base_name_with_the_original_kept()
    {
        using var hugo = await fixture.Platform.CreateApiClientForAsync("hugo");
        var dataset = await IngestRequests.CreateDraftAsync(hugo, $"Hostile name {Guid.NewGuid():N}");

        var location = await IngestRequests.UploadAsync(hugo, dataset, Encoding.UTF8.GetBytes("not a DICOM file\n"), Hostile);

        var raw = await (await hugo.GetAsync(location)).Content.ReadAsStringAsync();
        var view = JsonDocument.Parse(raw).RootElement;
        Assert.Equal(Normalised, view.GetProperty("fileName").GetString());
        Assert.Equal(Hostile, view.GetProperty("originalFileName").GetString());
        // The original is shown only JSON-encoded (its line break escaped), in an answer no browser renders (nosniff, CSP 'none').
        Assert.Contains("pass\\r\\nwd", raw, StringComparison.Ordinal);
        Assert.DoesNotContain("\r\n", raw, StringComparison.Ordinal);
        var id = view.GetProperty("id").GetGuid();
        Assert.Equal(1, await IngestRequests.ScalarAsync(fixture.Platform,
            "SELECT count(*) FROM uploads WHERE id = @id AND file_name = @name AND original_file_name = @original", ("id", id), ("name", Normalised), ("original", Hostile)));

        // The ingest names the file by its normalised name too.
        var ingest = await IngestRequests.WaitCompletedAsync(hugo, view.GetProperty("ingestId").GetGuid());
        var rejected = Assert.Single(ingest.GetProperty("report").GetProperty("rejectedFiles").EnumerateArray());
        Assert.Equal(Normalised, rejected.GetProperty("name").GetString());
    }

    [Fact]
    public async Task A_filename_with_NUL_is_refused_with_a_problem_naming_it()
    {
        using var hugo = await fixture.Platform.CreateApiClientForAsync("hugo");
        var dataset = await IngestRequests.CreateDraftAsync(hugo, $"NUL name {Guid.NewGuid():N}");

        var response = await hugo.SendAsync(IngestRequests.Create(10, IngestRequests.Metadata(("dataset", dataset.ToString()), ("filename", "ct\0.dcm"))));

        var (problem, _) = await CatalogueApi.ReadAsync(response, HttpStatusCode.BadRequest);
        Assert.Contains("filename", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.True(problem.TryGetProperty("type", out _));
    }
}
