namespace Eucaim.Core.Platform;

/// <summary>
/// The platform's one policy for text it is given (bodies, query parameters, path values, tus
/// metadata): no NUL or other C0 control character, except tab, line feed and carriage return in
/// free-form text (descriptions, comments, purposes), and a maximum length per field, checked
/// before anything reaches the database. PostgreSQL cannot store NUL at all and refuses a value
/// longer than its column, and a control character in a name or an identifier only ever serves
/// to hide or forge what a reader sees (log lines, terminal escapes).
/// </summary>
public static class TextInput
{
    /// <summary>The longest query parameter value the API reads (room for the catalogue's 1,024-character page tokens).</summary>
    public const int MaxQueryValueLength = 2048;

    /// <summary>The longest tus file name (the <c>filename</c> of <c>Upload-Metadata</c>).</summary>
    public const int MaxFileNameLength = 1000;

    /// <summary>The first character the policy refuses in <paramref name="value"/>, or null when there is none.</summary>
    /// <remarks>Half of a surrogate pair is refused too: it is not Unicode text and cannot be encoded as UTF-8.</remarks>
    public static char? ForbiddenCharacter(string value, bool freeForm = false)
    {
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (c < 0x20 && !(freeForm && c is '\t' or '\n' or '\r'))
            {
                return c;
            }

            if (char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(c))
            {
                return c;
            }
        }

        return null;
    }

    /// <summary>What is wrong with <paramref name="value"/> as <paramref name="field"/>, or null when it may be stored.</summary>
    public static string? Check(string field, string? value, int maxLength, bool freeForm = false)
    {
        if (value is null)
        {
            return null;
        }

        if (ForbiddenCharacter(value, freeForm) is { } c)
        {
            return char.IsSurrogate(c)
                ? $"{field} contains U+{(int)c:X4}, half of a surrogate pair: it is not valid Unicode text."
                : freeForm
                ? $"{field} contains the control character U+{(int)c:X4}; only tab and line breaks are allowed."
                : $"{field} contains the control character U+{(int)c:X4}; it must be a single line of printable text.";
        }

        return value.Length > maxLength ? $"{field} is at most {maxLength} characters (got {value.Length})." : null;
    }

    /// <summary>Adds the message of <see cref="Check"/> to <paramref name="errors"/> under <paramref name="field"/>; true when the value passes.</summary>
    public static bool Validate(IDictionary<string, string[]> errors, string field, string? value, int maxLength, bool freeForm = false)
    {
        if (Check(field, value, maxLength, freeForm) is not { } message)
        {
            return true;
        }

        errors[field] = errors.TryGetValue(field, out var existing) ? [.. existing, message] : [message];
        return false;
    }

    /// <summary>Validates each element of a list under <c>field[i]</c>.</summary>
    public static bool ValidateEach(IDictionary<string, string[]> errors, string field, IEnumerable<string?>? values, int maxLength)
    {
        var ok = true;
        var i = 0;
        foreach (var value in values ?? [])
        {
            ok &= Validate(errors, $"{field}[{i++}]", value, maxLength);
        }

        return ok;
    }
}
