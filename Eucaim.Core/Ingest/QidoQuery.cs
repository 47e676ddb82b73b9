using System.Globalization;
using Eucaim.Core.Platform;

namespace Eucaim.Core.Ingest;

public enum QidoLevel
{
    Study,
    Series,
    Instance,
}

/// <summary>
/// A QIDO-RS search (PS3.18 10.6) as its query parameters say it, by keyword or tag: StudyInstanceUID,
/// SeriesInstanceUID, SOPInstanceUID, PatientID, AccessionNumber, StudyDate (a DA value or range),
/// ModalitiesInStudy or Modality (comma-separated), limit (1–1000, default 100) and offset.
/// </summary>
public sealed record QidoQuery(
    QidoLevel Level, string? Study, string? Series, string? Sop, string? PatientId, string? Accession,
    IReadOnlyList<string>? Modalities, DateOnly? From, DateOnly? To, int Limit, int Offset)
{
    public const int MaxLimit = 1000;
    public const int DefaultLimit = 100;

    /// <param name="study">The study the path names, which wins over the query's.</param>
    /// <param name="series">The series the path names, which wins over the query's.</param>
    /// <param name="query">A query parameter's value, null when absent.</param>
    public static Outcome<QidoQuery> Parse(QidoLevel level, string? study, string? series, Func<string, string?> query)
    {
        string? Param(string keyword, string tag) => query(keyword) ?? query(tag);
        var (limit, offset, pagingError) = Paging(query("limit"), query("offset"));
        var (from, to, dateError) = DateRange(Param("StudyDate", "00080020"));
        if ((pagingError ?? dateError) is { } error)
        {
            return new Problem(ProblemKind.Invalid, "The query is not valid.", error);
        }

        var modality = Param("ModalitiesInStudy", "00080061") ?? Param("Modality", "00080060");
        return new QidoQuery(
            level,
            study ?? Param("StudyInstanceUID", "0020000D"),
            series ?? Param("SeriesInstanceUID", "0020000E"),
            Param("SOPInstanceUID", "00080018"),
            Param("PatientID", "00100020"),
            Param("AccessionNumber", "00080050"),
            modality?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
            from,
            to,
            limit,
            offset);
    }

    internal static (int Limit, int Offset, string? Error) Paging(string? limitText, string? offsetText)
    {
        var limit = DefaultLimit;
        var offset = 0;
        if (limitText is not null && (!int.TryParse(limitText, NumberStyles.None, CultureInfo.InvariantCulture, out limit) || limit is < 1 or > MaxLimit))
        {
            return (0, 0, $"limit must be between 1 and {MaxLimit}.");
        }

        if (offsetText is not null && !int.TryParse(offsetText, NumberStyles.None, CultureInfo.InvariantCulture, out offset))
        {
            return (0, 0, "offset must be a non-negative number.");
        }

        return (limit, offset, null);
    }

    /// <summary>A DA value or range: <c>20240101</c>, <c>20240101-20241231</c>, <c>-20241231</c>, <c>20240101-</c>.</summary>
    internal static (DateOnly? From, DateOnly? To, string? Error) DateRange(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return (null, null, null);
        }

        var parts = value.Split('-');
        if (parts.Length > 2)
        {
            return (null, null, "StudyDate must be YYYYMMDD or a range YYYYMMDD-YYYYMMDD.");
        }

        DateOnly? Parse(string text) => text.Length == 0 ? null
            : DateOnly.TryParseExact(text, "yyyyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d : DateOnly.MinValue;
        var from = Parse(parts[0]);
        var to = parts.Length == 2 ? Parse(parts[1]) : from;
        return from == DateOnly.MinValue || to == DateOnly.MinValue
            ? (null, null, "StudyDate must be YYYYMMDD or a range YYYYMMDD-YYYYMMDD.")
            : (from, to, null);
    }
}
