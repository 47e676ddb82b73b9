using Eucaim.Core.Ingest;
using Eucaim.Core.Platform;

namespace Eucaim.Core.Tests.Ingest;

public sealed class QidoQueryTests
{
    private static Func<string, string?> Query(params (string Name, string Value)[] values) =>
        name => values.FirstOrDefault(v => v.Name == name).Value;

    [Fact]
    public void Parameters_are_read_by_keyword_or_tag_and_the_path_wins()
    {
        var q = QidoQuery.Parse(QidoLevel.Series, "1.2.3", null, Query(("StudyInstanceUID", "9.9"), ("0020000E", "4.5"), ("00100020", "P1"))).Value!;

        Assert.Equal(("1.2.3", "4.5", "P1"), (q.Study, q.Series, q.PatientId));
        Assert.Equal((QidoQuery.DefaultLimit, 0), (q.Limit, q.Offset));
    }

    [Fact]
    public void Modalities_are_a_comma_separated_list()
    {
        Assert.Equal(["CT", "MR"], QidoQuery.Parse(QidoLevel.Study, null, null, Query(("ModalitiesInStudy", "CT, MR,"))).Value!.Modalities);
        Assert.Equal(["PT"], QidoQuery.Parse(QidoLevel.Study, null, null, Query(("00080060", "PT"))).Value!.Modalities);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("1001")]
    [InlineData("ten")]
    public void The_limit_is_between_1_and_1000(string limit)
    {
        var problem = QidoQuery.Parse(QidoLevel.Study, null, null, Query(("limit", limit))).Problem;

        Assert.Equal((ProblemKind.Invalid, "The query is not valid.", "limit must be between 1 and 1000."), (problem?.Kind, problem?.Title, problem?.Detail));
    }

    [Fact]
    public void A_negative_offset_is_refused()
    {
        Assert.Equal("offset must be a non-negative number.", QidoQuery.Parse(QidoLevel.Study, null, null, Query(("offset", "-1"))).Problem?.Detail);
    }

    [Theory]
    [InlineData("20240101", "2024-01-01", "2024-01-01")]
    [InlineData("20240101-20241231", "2024-01-01", "2024-12-31")]
    [InlineData("-20241231", null, "2024-12-31")]
    [InlineData("20240101-", "2024-01-01", null)]
    public void StudyDate_is_a_date_or_a_range(string value, string? from, string? to)
    {
        var q = QidoQuery.Parse(QidoLevel.Study, null, null, Query(("StudyDate", value))).Value!;

        Assert.Equal((from is null ? (DateOnly?)null : DateOnly.Parse(from), to is null ? (DateOnly?)null : DateOnly.Parse(to)), (q.From, q.To));
    }

    [Theory]
    [InlineData("2024")]
    [InlineData("20240101-20240201-20240301")]
    public void A_malformed_StudyDate_is_refused(string value)
    {
        Assert.Equal("StudyDate must be YYYYMMDD or a range YYYYMMDD-YYYYMMDD.", QidoQuery.Parse(QidoLevel.Study, null, null, Query(("00080020", value))).Problem?.Detail);
    }
}
