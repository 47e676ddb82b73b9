using Eucaim.Core.Ingest;

namespace Eucaim.Core.Tests.Ingest;

public sealed class QidoMatchTests
{
    [Theory]
    [InlineData("SYN*", "SYN%")]
    [InlineData("C?", "C_")]
    [InlineData("100%_sure", @"100\%\_sure")]
    [InlineData(@"a\b*", @"a\\b%")]
    [InlineData("plain", "plain")]
    public void Wildcards_become_LIKE_patterns_and_LIKE_metacharacters_match_only_themselves(string value, string pattern)
    {
        Assert.Equal(pattern, QidoMatch.ToLikePattern(value));
    }

    [Theory]
    [InlineData("20240101", "2024-01-01", "2024-01-01")]
    [InlineData("20240101-20241231", "2024-01-01", "2024-12-31")]
    [InlineData("-20241231", null, "2024-12-31")]
    [InlineData("20240101-", "2024-01-01", null)]
    public void A_date_is_a_value_or_a_range_open_at_either_end(string value, string? from, string? to)
    {
        Assert.Equal((Date(from), Date(to), false), QidoMatch.DateRange(value));
    }

    [Theory]
    [InlineData("2024")]
    [InlineData("-")]
    [InlineData("20240101-20240201-20240301")]
    [InlineData("20241301")]
    [InlineData("20241231-20240101")]
    public void A_malformed_or_reversed_date_is_refused(string value)
    {
        Assert.True(QidoMatch.DateRange(value).Error);
        Assert.StartsWith("StudyDate must be a date YYYYMMDD or a range", QidoMatch.Parse(QidoAttributes.StudyDate, value).Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("101500", "10:15:00", "10:15:00.9999999")]
    [InlineData("10", "10:00:00", "10:59:59.9999999")]
    [InlineData("0800-1230", "08:00:00", "12:30:59.9999999")]
    [InlineData("-1200", null, "12:00:59.9999999")]
    [InlineData("2300-", "23:00:00", null)]
    [InlineData("101500.25", "10:15:00.25", "10:15:00.2599999")]
    [InlineData("23-23", "23:00:00", "23:59:59.9999999")]
    public void A_time_covers_all_of_its_precision(string value, string? from, string? to)
    {
        Assert.Equal((Time(from), Time(to), false), QidoMatch.TimeRange(value));
    }

    [Theory]
    [InlineData("25")]
    [InlineData("1")]
    [InlineData("10:15")]
    [InlineData("1260")]
    [InlineData("12-10")]
    public void A_malformed_or_reversed_time_is_refused(string value)
    {
        Assert.True(QidoMatch.TimeRange(value).Error);
    }

    [Fact]
    public void UIDs_and_codes_take_lists()
    {
        Assert.Equal(["1.2.3", "4.5.6"], QidoMatch.Parse(QidoAttributes.StudyInstanceUid, "1.2.3,4.5.6").Match!.Values);
        Assert.Equal(["1.2.3", "4.5.6"], QidoMatch.Parse(QidoAttributes.SopClassUid, @"1.2.3\4.5.6").Match!.Values);
        Assert.Equal(["CT", "M_"], QidoMatch.Parse(QidoAttributes.ModalitiesInStudy, "CT, M?").Match!.Patterns);
        Assert.Equal(["a,b%"], QidoMatch.Parse(QidoAttributes.StudyDescription, "a,b*").Match!.Patterns);
    }

    [Fact]
    public void A_UID_that_is_no_UID_and_a_number_that_is_no_number_are_refused()
    {
        Assert.Equal("StudyInstanceUID must be a UID or a list of UIDs separated by commas (digits and dots, at most 64 characters each); got '1.2.*'.",
            QidoMatch.Parse(QidoAttributes.StudyInstanceUid, "1.2.*").Error);
        Assert.Equal("InstanceNumber must be a single whole number (IS values take no wildcards or ranges); got '7*'.",
            QidoMatch.Parse(QidoAttributes.InstanceNumber, "7*").Error);
        Assert.Equal(7, QidoMatch.Parse(QidoAttributes.InstanceNumber, "7").Match!.Number);
    }

    private static DateOnly? Date(string? text) => text is null ? null : DateOnly.Parse(text, System.Globalization.CultureInfo.InvariantCulture);

    private static TimeOnly? Time(string? text) => text is null ? null : TimeOnly.Parse(text, System.Globalization.CultureInfo.InvariantCulture);
}
