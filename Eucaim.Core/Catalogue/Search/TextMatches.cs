using System.Collections.Concurrent;

namespace Eucaim.Core.Catalogue.Search;

/// <summary>
/// What PostgreSQL answered for one text query against one snapshot: the matching entries, and the
/// ranks computed so far. Faceted navigation repeats the same text with other filters and pages,
/// so each later click costs no full-text work. Lives and dies with its snapshot, so a publication
/// (a new revision) can never serve stale matches.
/// </summary>
/// <param name="lexeme">The one lexeme of the query when the snapshot's lexicon answered it.</param>
internal sealed class TextMatches(int[] entries, LexemePostings? lexicon = null, string? lexeme = null)
{
    public int[] Entries { get; } = entries;

    public string? Lexeme { get; } = lexeme;

    /// <summary>Ranks computed by PostgreSQL so far, when the lexicon did not answer.</summary>
    public ConcurrentDictionary<int, double> Ranks { get; } = new();

    public static TextMatches Of(string lexeme, LexemePostings? postings) =>
        postings is null ? new TextMatches([], null, lexeme) : new TextMatches(postings.Entries, postings, lexeme);

    public bool TryRank(int entry, out double rank) =>
        lexicon is not null ? lexicon.TryRank(entry, out rank) : Ranks.TryGetValue(entry, out rank);
}

/// <summary>A bounded, first-in-first-out set of <see cref="TextMatches"/> per snapshot.</summary>
internal sealed class TextMatchCache
{
    public const int Capacity = 256;

    private readonly ConcurrentDictionary<string, TextMatches> _byText = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<string> _order = new();

    public TextMatches? Find(string text) => _byText.GetValueOrDefault(text);

    public TextMatches Add(string text, TextMatches matches)
    {
        if (_byText.TryAdd(text, matches))
        {
            _order.Enqueue(text);
            while (_byText.Count > Capacity && _order.TryDequeue(out var oldest))
            {
                _byText.TryRemove(oldest, out _);
            }
        }

        return _byText.GetValueOrDefault(text) ?? matches;
    }
}
