using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Eucaim.Core.Contracts;

namespace Eucaim.Core.Ingest;

/// <summary>
/// One matching key of a QIDO-RS query, parsed by its attribute's <see cref="QidoMatching"/>. Only the
/// members of that kind are set: <see cref="Values"/> (UIDs), <see cref="Patterns"/> (SQL LIKE
/// patterns, backslash-escaped, any of which matches), <see cref="Number"/>, or a range
/// (<see cref="FromDate"/>/<see cref="ToDate"/>, <see cref="FromTime"/>/<see cref="ToTime"/>, null for an open end).
/// </summary>
public sealed partial record QidoMatch(QidoAttribute Attribute, string Value)
{
    public IReadOnlyList<string> Values { get; init; } = [];

    public IReadOnlyList<string> Patterns { get; init; } = [];

    public int? Number { get; init; }

    public DateOnly? FromDate { get; init; }

    public DateOnly? ToDate { get; init; }

    public TimeOnly? FromTime { get; init; }

    public TimeOnly? ToTime { get; init; }

    /// <summary>Parses <paramref name="value"/> as a matching key of <paramref name="attribute"/>; the error names the attribute and says what is expected.</summary>
    public static (QidoMatch? Match, string? Error) Parse(QidoAttribute attribute, string value)
    {
        var match = new QidoMatch(attribute, value);
        switch (attribute.Matching)
        {
            case QidoMatching.Uid:
                var uids = SplitList(value);
                return uids.Count > 0 && uids.All(BlobLayout.IsValidUid)
                    ? (match with { Values = uids }, null)
                    : (null, $"{attribute.Keyword} must be a UID or a list of UIDs separated by commas (digits and dots, at most 64 characters each); got '{value}'.");
            case QidoMatching.Text:
                return (match with { Patterns = [ToLikePattern(value)] }, null);
            case QidoMatching.PersonName:
                return (match with { Patterns = [ToLikePattern(value)] }, null);
            case QidoMatching.CodeList:
                var codes = SplitList(value);
                return codes.Count > 0
                    ? (match with { Patterns = codes.Select(ToLikePattern).ToList() }, null)
                    : (null, $"{attribute.Keyword} must be a value or a list of values separated by commas; got '{value}'.");
            case QidoMatching.Number:
                return int.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number)
                    ? (match with { Number = number }, null)
                    : (null, $"{attribute.Keyword} must be a single whole number (IS values take no wildcards or ranges); got '{value}'.");
            case QidoMatching.Date:
                var (from, to, dateError) = DateRange(value);
                return dateError ? (null, $"{attribute.Keyword} must be a date YYYYMMDD or a range YYYYMMDD-YYYYMMDD, -YYYYMMDD or YYYYMMDD-; got '{value}'.")
                    : (match with { FromDate = from, ToDate = to }, null);
            case QidoMatching.Time:
                var (fromTime, toTime, timeError) = TimeRange(value);
                return timeError ? (null, $"{attribute.Keyword} must be a time HH, HHMM, HHMMSS or HHMMSS.FFFFFF, or a range of two (either end may be left open); got '{value}'.")
                    : (match with { FromTime = fromTime, ToTime = toTime }, null);
            default:
                return (null, $"{attribute} is returned but cannot be matched; ask for it with includefield={attribute.Keyword}.");
        }
    }

    /// <summary>
    /// A DICOM wildcard value (<c>*</c> any run of characters, <c>?</c> one character) as a SQL LIKE
    /// pattern with backslash as the escape character: the LIKE metacharacters the value holds
    /// (<c>%</c>, <c>_</c>, <c>\</c>) are escaped, so they match only themselves.
    /// </summary>
    public static string ToLikePattern(string value)
    {
        var pattern = new StringBuilder(value.Length + 8);
        foreach (var c in value)
        {
            _ = c switch
            {
                '*' => pattern.Append('%'),
                '?' => pattern.Append('_'),
                '%' or '_' or '\\' => pattern.Append('\\').Append(c),
                _ => pattern.Append(c),
            };
        }

        return pattern.ToString();
    }

    /// <summary>A DA value or range: <c>20240101</c>, <c>20240101-20241231</c>, <c>-20241231</c>, <c>20240101-</c>.</summary>
    public static (DateOnly? From, DateOnly? To, bool Error) DateRange(string value)
    {
        var parts = value.Split('-');
        if (parts.Length > 2 || value == "-")
        {
            return (null, null, true);
        }

        static (DateOnly? Date, bool Ok) Read(string text) => text.Length == 0 ? (null, true)
            : DateOnly.TryParseExact(text, "yyyyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? (d, true) : (null, false);
        var from = Read(parts[0]);
        var to = parts.Length == 2 ? Read(parts[1]) : from;
        if (!from.Ok || !to.Ok || (parts.Length == 1 && from.Date is null) || (from.Date > to.Date))
        {
            return (null, null, true);
        }

        return (from.Date, to.Date, false);
    }

    /// <summary>
    /// A TM value or range. A time given to the hour or minute stands for all of it: <c>10</c> is
    /// 10:00:00 to 10:59:59.999999, so <c>10-12</c> runs to 12:59:59.999999.
    /// </summary>
    public static (TimeOnly? From, TimeOnly? To, bool Error) TimeRange(string value)
    {
        var parts = value.Split('-');
        if (parts.Length > 2 || value == "-")
        {
            return (null, null, true);
        }

        var from = ReadTime(parts[0]);
        var to = parts.Length == 2 ? ReadTime(parts[1]) : from;
        if (!from.Ok || !to.Ok || (parts.Length == 1 && from.Start is null) || from.Start > to.End)
        {
            return (null, null, true);
        }

        return (from.Start, to.End, false);
    }

    private static (TimeOnly? Start, TimeOnly? End, bool Ok) ReadTime(string text)
    {
        if (text.Length == 0)
        {
            return (null, null, true);
        }

        var m = TimePattern().Match(text);
        if (!m.Success)
        {
            return (null, null, false);
        }

        var hour = int.Parse(m.Groups["h"].Value, CultureInfo.InvariantCulture);
        var minute = m.Groups["m"].Success ? int.Parse(m.Groups["m"].Value, CultureInfo.InvariantCulture) : 0;
        var second = m.Groups["s"].Success ? int.Parse(m.Groups["s"].Value, CultureInfo.InvariantCulture) : 0;
        if (hour > 23 || minute > 59 || second > 59)
        {
            return (null, null, false);
        }

        var fraction = m.Groups["f"].Success ? m.Groups["f"].Value : "";
        var start = new TimeOnly(hour, minute, second).Add(TimeSpan.FromTicks(fraction.Length == 0 ? 0
            : long.Parse(fraction.PadRight(7, '0'), CultureInfo.InvariantCulture)));
        var unit = !m.Groups["m"].Success ? TimeSpan.FromHours(1)
            : !m.Groups["s"].Success ? TimeSpan.FromMinutes(1)
            : fraction.Length == 0 ? TimeSpan.FromSeconds(1)
            : TimeSpan.FromTicks((long)Math.Pow(10, 7 - fraction.Length));
        var end = start.Add(unit - TimeSpan.FromTicks(1), out var wrapped);
        return (start, wrapped == 0 ? end : TimeOnly.MaxValue, true);
    }

    /// <summary>UIDs and CS values never hold a comma or a backslash, so either separates a list.</summary>
    private static List<string> SplitList(string value) =>
        value.Split([',', '\\'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();

    [GeneratedRegex(@"^(?<h>\d{2})(?:(?<m>\d{2})(?:(?<s>\d{2})(?:\.(?<f>\d{1,6}))?)?)?$", RegexOptions.CultureInvariant)]
    private static partial Regex TimePattern();
}
