using System.Globalization;
using System.Text;

namespace Eucaim.Core.Ingest;

/// <summary>
/// The name of an uploaded file as the platform shows and uses it, made from the name the client
/// sent (tus <c>Upload-Metadata</c> <c>filename</c>), which is kept beside it as given. A client
/// can send anything there: a path that climbs out of a folder (<c>../../etc/passwd</c>), line
/// breaks that forge log lines or headers, markup, right-to-left overrides that disguise an
/// extension. The normalised name is the last path segment (<c>/</c> and <c>\</c> both separate,
/// <c>.</c> and <c>..</c> are skipped), in Unicode NFC, without control, format or unassigned
/// characters, with <c>&lt;&gt;:"|?*</c> replaced by <c>_</c>, trimmed, at most
/// <see cref="MaxLength"/> characters (the extension kept); a name with nothing left is none.
/// </summary>
public static class UploadFileName
{
    /// <summary>What common file systems allow for one name.</summary>
    public const int MaxLength = 255;

    /// <summary>Characters no Windows file name may hold; replaced by <c>_</c>, so the name is a valid file name on any system.</summary>
    private const string WindowsReserved = "<>:\"|?*";

    /// <summary>Longest extension kept when a long name is shortened.</summary>
    private const int MaxKeptExtension = 16;

    /// <summary>True when the name holds NUL, which no stored text may hold: such a name is refused, not normalised.</summary>
    public static bool HasNul(string name) => name.Contains('\0', StringComparison.Ordinal);

    public static string? Normalize(string? original)
    {
        if (original is null)
        {
            return null;
        }

        var text = original.IsNormalized(NormalizationForm.FormC) ? original : TryCompose(original);
        var kept = new StringBuilder(text.Length);
        foreach (var rune in text.EnumerateRunes())
        {
            // Lone surrogates come out of EnumerateRunes as U+FFFD, which is kept: it shows that something was there.
            if (Rune.GetUnicodeCategory(rune) is not (UnicodeCategory.Control or UnicodeCategory.Format
                or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator or UnicodeCategory.OtherNotAssigned))
            {
                kept.Append(rune.Value < 128 && WindowsReserved.Contains((char)rune.Value, StringComparison.Ordinal) ? "_" : rune.ToString());
            }
        }

        var name = LastSegment(kept.ToString());
        return name is null || name.Length <= MaxLength ? name : Shorten(name);
    }

    private static string TryCompose(string text)
    {
        try
        {
            return text.Normalize(NormalizationForm.FormC);
        }
        catch (ArgumentException)
        {
            // Lone surrogates cannot be composed; they become U+FFFD below.
            return text;
        }
    }

    private static string? LastSegment(string text)
    {
        var segments = text.Split(['/', '\\'], StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        return segments.LastOrDefault(s => s is not "." and not "..");
    }

    private static string Shorten(string name)
    {
        var dot = name.LastIndexOf('.');
        var extension = dot > 0 && name.Length - dot <= MaxKeptExtension ? name[dot..] : "";
        var stem = name[..(MaxLength - extension.Length)];
        if (char.IsHighSurrogate(stem[^1]))
        {
            stem = stem[..^1];
        }

        return stem.TrimEnd() + extension;
    }
}
