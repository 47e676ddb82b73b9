using System.Globalization;

namespace Eucaim.Dicom;

/// <summary>Parsing of the DS and IS string forms (PS3.5 6.2), which allow leading '+', exponents and surrounding spaces.</summary>
public static class DicomNumber
{
    public static bool TryParseDecimalString(string text, out double value) =>
        double.TryParse(text.Trim(' ', '\0'), NumberStyles.Float, CultureInfo.InvariantCulture, out value) && double.IsFinite(value);

    public static bool TryParseDecimalString(ReadOnlySpan<byte> ascii, out double value) =>
        double.TryParse(ascii, NumberStyles.Float, CultureInfo.InvariantCulture, out value) && double.IsFinite(value);
}
