using System.Text;

namespace Eucaim.Core.Catalogue.Search;

/// <summary>
/// Every lexeme of the listed datasets' search vectors, with the entries containing it and each
/// entry's <c>ts_rank_cd</c> for the lexeme alone: a one-word search is answered from memory, matches
/// and exact ranks, however many datasets contain the word. At 100,000 datasets PostgreSQL needs
/// 100–300 ms for a common word (a GIN scan returning tens of thousands of ids, then reading every
/// filtered match's vector to rank it); this is a dictionary lookup.
/// </summary>
/// <remarks>
/// For a query of one lexeme every occurrence is a cover of its own, so <c>ts_rank_cd</c> (no
/// normalization) is the sum, in position order, of each occurrence's weight (A 1.0, B 0.4, C 0.2,
/// D 0.1), computed as PostgreSQL computes it (<c>1 / (1 / weight)</c> in double, the sum returned as
/// float4): the same value to the last bit, so relevance order and page tokens do not depend on
/// which path answered. Queries of several lexemes, phrases and negations stay in PostgreSQL.
/// </remarks>
internal sealed class CatalogueLexicon
{
    // PostgreSQL's default weights, by a position's weight bits (D, C, B, A), as float4 like its own.
    private static readonly double[] InverseWeights = [1.0 / (double)0.1f, 1.0 / (double)0.2f, 1.0 / (double)0.4f, 1.0 / (double)1.0f];

    private readonly Dictionary<string, LexemePostings> _postings;

    private CatalogueLexicon(Dictionary<string, LexemePostings> postings) => _postings = postings;

    public int Count => _postings.Count;

    public LexemePostings? Find(string lexeme) => _postings.GetValueOrDefault(lexeme);

    /// <summary>One occurrence's share of the rank: PostgreSQL's <c>Cpos</c> for a cover of one position.</summary>
    private static double Cover(int weight) => 1.0 / InverseWeights[weight];

    /// <summary>
    /// The lexeme of a parsed query printed by PostgreSQL when it is one plain lexeme
    /// (<c>'cancer'</c> → <c>cancer</c>); null for anything else (<c>'canc':*</c>, a weight, several).
    /// </summary>
    public static string? OnlyLexeme(string parsedQuery)
    {
        if (parsedQuery.Length < 2 || parsedQuery[0] != '\'')
        {
            return null;
        }

        var i = 0;
        var lexeme = ReadQuoted(parsedQuery, ref i, new StringBuilder());
        return i == parsedQuery.Length ? lexeme.ToString() : null;
    }

    /// <summary>
    /// A quoted lexeme at <paramref name="i"/>, as PostgreSQL prints it in vectors and queries
    /// (quotes and backslashes inside doubled); <paramref name="unescaped"/> is scratch space for one that has any.
    /// </summary>
    private static ReadOnlySpan<char> ReadQuoted(ReadOnlySpan<char> text, ref int i, StringBuilder unescaped)
    {
        if (text[i] != '\'')
        {
            throw new FormatException($"A lexeme starts with a quote, not '{text[i]}' at {i}.");
        }

        var start = ++i;
        var escaped = false;
        unescaped.Clear();
        while (true)
        {
            if (i >= text.Length)
            {
                throw new FormatException("A lexeme is not closed.");
            }

            var c = text[i];
            if ((c == '\'' || c == '\\') && i + 1 < text.Length && text[i + 1] == c)
            {
                if (!escaped)
                {
                    unescaped.Append(text[start..i]);
                    escaped = true;
                }

                unescaped.Append(c);
                i += 2;
                continue;
            }

            if (c == '\'')
            {
                var lexeme = text[start..i];
                i++;
                return escaped ? unescaped.ToString() : lexeme;
            }

            if (escaped)
            {
                unescaped.Append(c);
            }

            i++;
        }
    }

    /// <summary>Collects lexemes entry by entry; entries must be added in ascending order.</summary>
    public sealed class Builder
    {
        private readonly Dictionary<string, int> _ids = new(StringComparer.Ordinal);
        private readonly Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> _idOf;
        private readonly List<string> _lexemes = [];

        // One element per (entry, lexeme) pair, in the order added: grouped by lexeme in Build, then
        // let go (tens of megabytes at 100,000 datasets; the builder may outlive the load).
        private List<int> _pairLexemes = [];
        private List<int> _pairEntries = [];
        private List<float> _pairRanks = [];
        private readonly StringBuilder _unescaped = new();

        public Builder() => _idOf = _ids.GetAlternateLookup<ReadOnlySpan<char>>();

        /// <summary>Adds one entry's search vector in PostgreSQL's text form: <c>'breast':3A,30B 'cancer':4A,31B,52C</c>.</summary>
        public void Add(int entry, ReadOnlySpan<char> vector)
        {
            var i = 0;
            while (i < vector.Length)
            {
                if (vector[i] == ' ')
                {
                    i++;
                    continue;
                }

                var lexeme = ReadQuoted(vector, ref i, _unescaped);

                // A lexeme stored without positions matches, and ranks 0 (as ts_rank_cd ranks it).
                var rank = i < vector.Length && vector[i] == ':' ? ReadPositions(vector, ref i) : 0f;
                if (!_idOf.TryGetValue(lexeme, out var id))
                {
                    id = _lexemes.Count;
                    var text = lexeme.ToString();
                    _lexemes.Add(text);
                    _ids[text] = id;
                }

                _pairLexemes.Add(id);
                _pairEntries.Add(entry);
                _pairRanks.Add(rank);
            }
        }

        public CatalogueLexicon Build()
        {
            var counts = new int[_lexemes.Count];
            foreach (var id in _pairLexemes)
            {
                counts[id]++;
            }

            var entries = counts.Select(c => new int[c]).ToArray();
            var ranks = counts.Select(c => new float[c]).ToArray();
            Array.Clear(counts);
            for (var p = 0; p < _pairLexemes.Count; p++)
            {
                var id = _pairLexemes[p];
                entries[id][counts[id]] = _pairEntries[p];
                ranks[id][counts[id]++] = _pairRanks[p];
            }

            var postings = new Dictionary<string, LexemePostings>(_lexemes.Count, StringComparer.Ordinal);
            for (var id = 0; id < _lexemes.Count; id++)
            {
                postings[_lexemes[id]] = new LexemePostings(entries[id], ranks[id]);
            }

            (_pairLexemes, _pairEntries, _pairRanks) = ([], [], []);
            return new CatalogueLexicon(postings);
        }

        /// <summary>
        /// After the colon: positions such as <c>3A,30B,52</c> (no letter: weight D), ascending as
        /// stored; returns their rank, summed in that order.
        /// </summary>
        private static float ReadPositions(ReadOnlySpan<char> vector, ref int i)
        {
            i++;
            var sum = 0.0;
            while (i < vector.Length && vector[i] != ' ')
            {
                var start = i;
                while (i < vector.Length && char.IsAsciiDigit(vector[i]))
                {
                    i++;
                }

                if (i == start)
                {
                    throw new FormatException($"A search vector position is not a number at {start}.");
                }

                var weight = 0;
                if (i < vector.Length && vector[i] is >= 'A' and <= 'D')
                {
                    weight = 'D' - vector[i];
                    i++;
                }

                sum += Cover(weight);
                if (i < vector.Length && vector[i] == ',')
                {
                    i++;
                }
            }

            return (float)sum;
        }
    }
}

/// <summary>The entries containing one lexeme, ascending, and each one's rank for it.</summary>
internal sealed record LexemePostings(int[] Entries, float[] Ranks)
{
    public bool TryRank(int entry, out double rank)
    {
        var at = Array.BinarySearch(Entries, entry);
        rank = at >= 0 ? Ranks[at] : 0;
        return at >= 0;
    }
}
