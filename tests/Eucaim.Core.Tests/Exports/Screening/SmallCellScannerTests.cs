using System.Text;
using Eucaim.Core.Exports.Screening;

namespace Eucaim.Core.Tests.Exports.Screening;

public sealed class SmallCellScannerTests
{
    private static SmallCellScanner Scan(string text, int threshold = 5, int chunk = 5)
    {
        var scanner = new SmallCellScanner(threshold);
        var bytes = Encoding.UTF8.GetBytes(text);
        for (var i = 0; i < bytes.Length; i += chunk)
        {
            scanner.Feed(bytes.AsSpan(i, Math.Min(chunk, bytes.Length - i)));
        }

        scanner.Finish();
        return scanner;
    }

    [Fact]
    public void A_count_of_3_is_a_small_cell()
    {
        var scan = Scan("modality,count\nCT,12\nMR,3\nPT,0\n");
        Assert.True(scan.IsTable);
        Assert.Equal(1, scan.SmallCells);
        Assert.Equal(3, scan.FirstLine);
        Assert.Equal("count", scan.FirstColumn);
    }

    [Fact]
    public void Counts_at_or_above_the_threshold_and_zeros_are_not()
    {
        Assert.Equal(0, Scan("modality,count\nCT,5\nMR,0\nUS,120\n").SmallCells);
        Assert.Equal(2, Scan("modality,count\nCT,5\nMR,9\nUS,10\n", threshold: 10).SmallCells);
    }

    [Fact]
    public void Only_count_columns_are_counted_when_there_is_a_header()
    {
        // A class label of 2 or a slice number of 1 is no count of people.
        var scan = Scan("slice,label,n_patients,mean_hu\n1,2,40,3.5\n2,3,2,4.1\n");
        Assert.Equal(1, scan.SmallCells);
        Assert.Equal(3, scan.FirstLine);
        Assert.Equal("n_patients", scan.FirstColumn);
    }

    [Theory]
    [InlineData("n")]
    [InlineData("Count")]
    [InlineData("N patients")]
    [InlineData("number of subjects")]
    [InlineData("#")]
    [InlineData("lesion_count")]
    [InlineData("cases")]
    [InlineData("female_patients")]
    public void Count_headers_are_recognised(string header) => Assert.True(SmallCellScanner.IsCountHeader(header));

    [Theory]
    [InlineData("label")]
    [InlineData("age")]
    [InlineData("patient_id")]
    [InlineData("slice")]
    public void Other_headers_are_not_counts(string header) => Assert.False(SmallCellScanner.IsCountHeader(header));

    [Fact]
    public void Semicolons_tabs_and_quoted_fields_are_read()
    {
        Assert.Equal(1, Scan("site;count\nVLC;2\n").SmallCells);
        Assert.Equal(1, Scan("site\tn\r\nVLC\t4\r\n").SmallCells);
        var quoted = Scan("\"site, city\",\"count\"\n\"Valencia, \"\"La Fe\"\"\",\"1\"\n\"Madrid\",\"30\"\n");
        Assert.Equal(1, quoted.SmallCells);
        Assert.Equal(2, quoted.FirstLine);
    }

    [Fact]
    public void A_table_without_header_has_every_column_counted() =>
        Assert.Equal(2, Scan("10,2\n3,40\n").SmallCells);

    [Fact]
    public void Prose_and_one_column_files_are_not_tables()
    {
        Assert.False(Scan("instances: 3 (unreadable files: 0)\nmodality CT: 3\n").IsTable);
        Assert.False(Scan("count\n3\n").IsTable);
    }

    [Fact]
    public void Reading_stops_when_rows_stop_matching_the_header()
    {
        var scan = Scan("group,n\nA,20\nfree text, with, commas\nB,2\n");
        Assert.Equal(0, scan.SmallCells);
    }

    [Fact]
    public void The_last_row_counts_without_a_final_newline() =>
        Assert.Equal(1, Scan("group,n\nA,2").SmallCells);
}
