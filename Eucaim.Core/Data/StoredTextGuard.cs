using System.Collections;
using Eucaim.Core.Platform;
using Microsoft.EntityFrameworkCore.ChangeTracking;

namespace Eucaim.Core.Data;

/// <summary>
/// The last line of the <see cref="TextInput"/> policy, run by the <see cref="UnitOfWork"/> before it
/// saves: a text value of an added or changed row that PostgreSQL would refuse (a NUL anywhere, in a
/// column, a text array or a JSON document; longer than the column) becomes a 400 naming the
/// property instead of a database error. Use cases check their own fields with better messages
/// first; this catches any field they missed.
/// </summary>
internal static class StoredTextGuard
{
    public static Problem? Check(ChangeTracker tracker)
    {
        var errors = new Dictionary<string, string[]>();
        foreach (var entry in tracker.Entries())
        {
            if (entry.State is not (Microsoft.EntityFrameworkCore.EntityState.Added or Microsoft.EntityFrameworkCore.EntityState.Modified))
            {
                continue;
            }

            foreach (var property in entry.Properties)
            {
                if (entry.State == Microsoft.EntityFrameworkCore.EntityState.Modified && !property.IsModified)
                {
                    continue;
                }

                var field = FieldName(property.Metadata.Name);
                switch (property.CurrentValue)
                {
                    case string text:
                        if (text.Contains('\0', StringComparison.Ordinal))
                        {
                            errors[field] = [$"{field} contains the control character U+0000, which cannot be stored."];
                        }
                        else if (property.Metadata.GetMaxLength() is { } max && text.Length > max)
                        {
                            errors[field] = [$"{field} is at most {max} characters (got {text.Length})."];
                        }

                        break;
                    case IEnumerable values when HasNul(values):
                        errors[field] = [$"{field} contains the control character U+0000, which cannot be stored."];
                        break;
                }
            }
        }

        return errors.Count == 0 ? null : Problem.Invalid(errors);
    }

    private static bool HasNul(IEnumerable values)
    {
        foreach (var value in values)
        {
            var found = value switch
            {
                string s => s.Contains('\0', StringComparison.Ordinal),
                DictionaryEntry e => e.Key is string k && k.Contains('\0', StringComparison.Ordinal) || e.Value is string v && v.Contains('\0', StringComparison.Ordinal),
                KeyValuePair<string, string> p => p.Key.Contains('\0', StringComparison.Ordinal) || p.Value.Contains('\0', StringComparison.Ordinal),
                IEnumerable inner and not string => HasNul(inner),
                _ => false,
            };
            if (found)
            {
                return true;
            }
        }

        return false;
    }

    private static string FieldName(string property) => property.Length == 0 ? property : char.ToLowerInvariant(property[0]) + property[1..];
}
