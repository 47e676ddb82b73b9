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
/// A QIDO-RS search (PS3.18 10.6) as its path and query parameters say it: the matching keys (by
/// keyword or tag, see <see cref="QidoAttributes"/>), the attributes to return (the level's defaults,
/// the matching keys and <c>includefield</c>), <c>limit</c> and <c>offset</c>, and the warnings to
/// send back (PS3.18 8.3.4: <c>Warning: 299</c>). A parameter the search cannot honour is refused,
/// never ignored: a search that silently returns everything is a data-safety problem.
/// </summary>
public sealed record QidoQuery(
    QidoLevel Level, IReadOnlyList<QidoMatch> Matches, IReadOnlyList<QidoAttribute> Returned, int Limit, int Offset, IReadOnlyList<string> Warnings)
{
    public const int MaxLimit = 1000;
    public const int DefaultLimit = 100;

    private const string Title = "The query is not valid.";

    /// <summary>The values of a study or series the path names, matched as UIDs.</summary>
    /// <param name="study">The study the path names, or null.</param>
    /// <param name="series">The series the path names, or null.</param>
    /// <param name="parameters">Every query parameter with all of its values, as the request has them.</param>
    public static Outcome<QidoQuery> Parse(
        QidoLevel level, string? study, string? series, IEnumerable<KeyValuePair<string, IReadOnlyList<string>>> parameters)
    {
        var warnings = new List<string>();
        var matches = new List<QidoMatch>();
        var asked = new List<QidoAttribute>();
        var seen = new Dictionary<QidoAttribute, string>();
        var limit = DefaultLimit;
        var offset = 0;
        foreach (var (name, values) in parameters)
        {
            var error = name.ToLowerInvariant() switch
            {
                "includefield" => IncludeFields(level, values, asked, warnings),
                "limit" => Once(name, values) ?? ParseLimit(values[0], ref limit, warnings),
                "offset" => Once(name, values) ?? ParseOffset(values[0], ref offset),
                "fuzzymatching" => Once(name, values) ?? FuzzyMatching(values[0], warnings),
                _ => Key(name, values, seen, matches, asked),
            };
            if (error is not null)
            {
                return Problem.Invalid(name, error, Title);
            }
        }

        foreach (var (attribute, uid) in new[] { (QidoAttributes.StudyInstanceUid, study), (QidoAttributes.SeriesInstanceUid, series) })
        {
            if (uid is not null)
            {
                // A path segment is one UID: it narrows the search like a key, together with any key the query gives.
                matches.Add(new QidoMatch(attribute, uid) { Values = [uid] });
            }
        }

        var available = QidoAttributes.All.Where(a => (int)a.Entity <= (int)level).ToHashSet();
        var returned = Defaults(level, study is not null, series is not null).Concat(asked).Where(available.Contains).ToHashSet();
        return new QidoQuery(level, matches, returned.OrderBy(a => a.Tag, StringComparer.Ordinal).ToList(), limit, offset, warnings);
    }

    /// <summary>
    /// PS3.18 10.6.3.3: a search returns its level's default attributes, and those of the levels above
    /// that its path does not fix; the unique keys of the levels above always come along, so each
    /// result says where it lives.
    /// </summary>
    private static IEnumerable<QidoAttribute> Defaults(QidoLevel level, bool studyInPath, bool seriesInPath)
    {
        var entities = level switch
        {
            QidoLevel.Study => [QidoEntity.Study],
            QidoLevel.Series => studyInPath ? [QidoEntity.Series] : new[] { QidoEntity.Study, QidoEntity.Series },
            _ => seriesInPath ? [QidoEntity.Instance]
                : studyInPath ? [QidoEntity.Series, QidoEntity.Instance]
                : new[] { QidoEntity.Study, QidoEntity.Series, QidoEntity.Instance },
        };
        return QidoAttributes.All.Where(a => a.IsDefault && entities.Contains(a.Entity))
            .Append(QidoAttributes.StudyInstanceUid).Append(QidoAttributes.SeriesInstanceUid);
    }

    private static string? Once(string name, IReadOnlyList<string> values) =>
        values.Count == 1 ? null : $"{name} is given {values.Count} times; give it once.";

    private static string? Key(string name, IReadOnlyList<string> values, Dictionary<QidoAttribute, string> seen, List<QidoMatch> matches, List<QidoAttribute> asked)
    {
        if (QidoAttributes.Find(name) is not { } attribute)
        {
            return QidoAttributes.DescribeUnindexed(name) is { } known
                ? $"{known} is not a matching key: the DICOM index does not keep it. Matching keys per level are listed in docs/dicomweb.md."
                : $"'{name}' is not a QIDO-RS parameter (includefield, limit, offset, fuzzymatching) nor a DICOM keyword or tag.";
        }

        if (seen.TryGetValue(attribute, out var before))
        {
            return $"{attribute.Keyword} is given more than once (as {before} and {name}); give it once (UIDs and codes take a comma-separated list).";
        }

        seen[attribute] = name;
        if (values.Count > 1)
        {
            return $"{attribute.Keyword} is given {values.Count} times; give it once (UIDs and codes take a comma-separated list).";
        }

        // An empty value is universal matching (PS3.4 C.2.2.2.3): no condition, the attribute is returned;
        // so is "*" alone where wildcards apply (C.2.2.2.4), which also matches rows without a value.
        asked.Add(attribute);
        if (values[0].Length == 0 || (values[0].All(c => c == '*') && attribute.Matching is QidoMatching.Text or QidoMatching.PersonName or QidoMatching.CodeList))
        {
            return null;
        }

        var (match, error) = QidoMatch.Parse(attribute, values[0]);
        if (match is not null)
        {
            matches.Add(match);
        }

        return error;
    }

    private static string? IncludeFields(QidoLevel level, IReadOnlyList<string> values, List<QidoAttribute> asked, List<string> warnings)
    {
        foreach (var field in values.SelectMany(v => v.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)))
        {
            if (field.Equals("all", StringComparison.OrdinalIgnoreCase))
            {
                asked.AddRange(QidoAttributes.All);
            }
            else if (QidoAttributes.Find(field) is { } attribute)
            {
                if ((int)attribute.Entity > (int)level)
                {
                    warnings.Add($"includefield {attribute} is an attribute of each {attribute.Entity.ToString().ToLowerInvariant()}; a {level.ToString().ToLowerInvariant()} search does not return it.");
                }

                asked.Add(attribute);
            }
            else if (QidoAttributes.DescribeUnindexed(field) is { } known)
            {
                warnings.Add($"includefield {known} is not kept in the DICOM index and is not returned; WADO-RS returns whole instances.");
            }
            else
            {
                return $"includefield '{field}' is neither a DICOM keyword, a tag (GGGGEEEE) nor 'all'.";
            }
        }

        return null;
    }

    private static string? ParseLimit(string text, ref int limit, List<string> warnings)
    {
        if (text.Length == 0 || !text.All(char.IsAsciiDigit) || text.TrimStart('0').Length == 0)
        {
            return $"limit must be a whole number of at least 1; got '{text}'.";
        }

        if (text.TrimStart('0').Length > 9 || int.Parse(text, CultureInfo.InvariantCulture) > MaxLimit)
        {
            warnings.Add($"limit {text} is above the maximum of {MaxLimit}: at most {MaxLimit} results are returned.");
            limit = MaxLimit;
            return null;
        }

        limit = int.Parse(text, CultureInfo.InvariantCulture);
        return null;
    }

    private static string? ParseOffset(string text, ref int offset)
    {
        if (text.Length == 0 || !text.All(char.IsAsciiDigit))
        {
            return $"offset must be a whole number of at least 0; got '{text}'.";
        }

        if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out offset))
        {
            return $"offset must be at most {int.MaxValue}; got {text}.";
        }

        return null;
    }

    private static string? FuzzyMatching(string text, List<string> warnings)
    {
        switch (text.ToLowerInvariant())
        {
            case "true":
                warnings.Add("fuzzymatching is not supported: person names were matched literally, ignoring case, with wildcards as given.");
                return null;
            case "false":
                return null;
            default:
                return $"fuzzymatching must be true or false; got '{text}'.";
        }
    }
}
