using System.Globalization;

namespace Eucaim.Dicom;

/// <summary>Parsing and formatting of DA (YYYYMMDD) and the date part of DT values.</summary>
public static class DicomDate
{
    /// <summary>Parses a DA value, or the date that starts a DT value.</summary>
    public static bool TryParse(string? text, out DateOnly date)
    {
        date = default;
        if (text is null)
        {
            return false;
        }

        var trimmed = text.Trim(' ', '\0');

        // ACR-NEMA era files write YYYY.MM.DD; PS3.5 tells readers to accept it.
        if (trimmed.Length == 10 && trimmed[4] == '.' && trimmed[7] == '.')
        {
            trimmed = string.Concat(trimmed.AsSpan(0, 4), trimmed.AsSpan(5, 2), trimmed.AsSpan(8, 2));
        }

        return trimmed.Length >= 8
            && DateOnly.TryParseExact(trimmed.AsSpan(0, 8), "yyyyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.None, out date);
    }

    public static bool TryParse(ReadOnlySpan<byte> ascii, out DateOnly date)
    {
        date = default;
        if (ascii.Length < 8 || ascii.Length == 10 && ascii[4] == '.')
        {
            Span<char> dotted = stackalloc char[Math.Min(ascii.Length, 26)];
            for (var i = 0; i < dotted.Length; i++)
            {
                dotted[i] = (char)ascii[i];
            }

            return TryParse(new string(dotted), out date);
        }

        for (var i = 0; i < 8; i++)
        {
            if (!char.IsAsciiDigit((char)ascii[i]))
            {
                return false;
            }
        }

        var year = (ascii[0] - '0') * 1000 + (ascii[1] - '0') * 100 + (ascii[2] - '0') * 10 + (ascii[3] - '0');
        var month = (ascii[4] - '0') * 10 + (ascii[5] - '0');
        var day = (ascii[6] - '0') * 10 + (ascii[7] - '0');
        if (year < 1 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month))
        {
            return false;
        }

        date = new DateOnly(year, month, day);
        return true;
    }

    public static DateOnly? Parse(string? text) => TryParse(text, out var date) ? date : null;

    public static string Format(DateOnly date) => date.ToString("yyyyMMdd", CultureInfo.InvariantCulture);

    public static bool TryParseTime(string? text, out TimeOnly time)
    {
        time = default;
        var trimmed = text?.Trim(' ', '\0').Replace(":", string.Empty, StringComparison.Ordinal);
        if (string.IsNullOrEmpty(trimmed) || trimmed.Length < 2 || !char.IsAsciiDigit(trimmed[0]) || !char.IsAsciiDigit(trimmed[1]))
        {
            return false;
        }

        var hour = (trimmed[0] - '0') * 10 + (trimmed[1] - '0');
        var minute = ReadPair(trimmed, 2);
        var second = ReadPair(trimmed, 4);
        if (hour > 23 || minute is < 0 or > 59 || second is < 0 or > 60)
        {
            return false;
        }

        var ticks = 0L;
        if (trimmed.Length > 7 && trimmed[6] == '.')
        {
            var fraction = trimmed.AsSpan(7);
            var digits = 0;
            while (digits < fraction.Length && digits < 6 && char.IsAsciiDigit(fraction[digits]))
            {
                digits++;
            }

            if (digits > 0 && long.TryParse(fraction[..digits], NumberStyles.None, CultureInfo.InvariantCulture, out var micro))
            {
                ticks = micro * (long)Math.Pow(10, 6 - digits) * 10;
            }
        }

        time = new TimeOnly(hour, minute, Math.Min(second, 59)).Add(TimeSpan.FromTicks(ticks));
        return true;
    }

    public static TimeOnly? ParseTime(string? text) => TryParseTime(text, out var time) ? time : null;

    private static int ReadPair(string text, int start)
    {
        if (text.Length < start + 2)
        {
            return text.Length <= start ? 0 : -1;
        }

        return char.IsAsciiDigit(text[start]) && char.IsAsciiDigit(text[start + 1]) ? (text[start] - '0') * 10 + (text[start + 1] - '0') : -1;
    }
}
