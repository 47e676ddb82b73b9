using System.Collections.Concurrent;

namespace Eucaim.Core.Catalogue.Search;

/// <summary>
/// What PostgreSQL answered for one text query against one snapshot: the matching entries, and the
/// ranks computed so far. Faceted navigation repeats the same text with other filters and pages,
/// so each later click costs no full-text work. Lives and dies with its snapshot, so a publication
/// (a new revision) can never serve stale matches.
/// </summary>
internal sealed class TextMatches(int[] entries)
{
    public int[] Entries { get; } = entries;

    public ConcurrentDictionary<int, double> Ranks { get; } = new();
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
