using System.Text.Json;
using Eucaim.Core.Contracts;

namespace Eucaim.Core.Tests.Contracts;

/// <summary>The report the Workers write is the one the Api serves and clients read: same members, same names.</summary>
public sealed class IngestReportTests
{
    private static IngestReport Sample() => new(
        Guid.Parse("0195d3a4-0000-7000-8000-0000000000aa"),
        Guid.Parse("0195d3a4-0000-7000-8000-0000000000bb"),
        2,
        new IngestReportFiles(Total: 4, Stored: 2, Duplicates: 1, Rejected: 1),
        new Dictionary<string, int> { ["error"] = 1, ["warning"] = 3 },
        [new IngestReportCodeCount("NotDicom", "error", 1)],
        [new IngestReportRejectedFile("notes.txt", [new IngestReportFinding("NotDicom", "error", null, "Not a DICOM file.")])],
        new IngestReportQuality(
            2,
            new Dictionary<string, int> { ["CT"] = 2 },
            [new IngestReportSeries("1.2.3.4", "1.2.3", "CT", 2, false, [2], [], new IngestReportSliceSpacing(1, 1.5, 1.25, false),
                new Dictionary<string, int> { ["512x512"] = 2 })],
            [new IngestReportFinding("SeriesIncomplete", "warning", "(0020,0013)", "Instance 2 is missing.")]));

    [Fact]
    public void Round_trips_through_its_json()
    {
        var report = Sample();

        var read = IngestReport.Parse(report.ToJson());

        Assert.Equal(report.IngestId, read.IngestId);
        Assert.Equal(report.Files, read.Files);
        Assert.Equal(report.FindingsBySeverity, read.FindingsBySeverity);
        Assert.Equal(report.FindingsByCode, read.FindingsByCode);
        Assert.Equal(report.RejectedFiles[0].Findings, read.RejectedFiles[0].Findings);
        Assert.Equal(report.Quality.Series[0].SliceSpacing, read.Quality.Series[0].SliceSpacing);
        Assert.Equal(report.Quality.Series[0].MissingInstanceNumbers, read.Quality.Series[0].MissingInstanceNumbers);
        Assert.Equal(report.Quality.Findings, read.Quality.Findings);
    }

    [Fact]
    public void Uses_the_member_names_clients_read()
    {
        using var json = JsonDocument.Parse(Sample().ToJson());
        var root = json.RootElement;

        Assert.Equal(["ingestId", "datasetId", "version", "files", "findingsBySeverity", "findingsByCode", "rejectedFiles", "quality"],
            root.EnumerateObject().Select(p => p.Name));
        Assert.Equal(1, root.GetProperty("files").GetProperty("duplicates").GetInt32());
        var series = root.GetProperty("quality").GetProperty("series")[0];
        Assert.False(series.GetProperty("complete").GetBoolean());
        Assert.True(series.GetProperty("sliceSpacing").TryGetProperty("consistent", out _));
        Assert.Equal("NotDicom", root.GetProperty("rejectedFiles")[0].GetProperty("findings")[0].GetProperty("code").GetString());
    }

    [Fact]
    public void Refuses_what_is_not_a_report() => Assert.Throws<InvalidDataException>(() => IngestReport.Parse("[1, 2]"));
}
