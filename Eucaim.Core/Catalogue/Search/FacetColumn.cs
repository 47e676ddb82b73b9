namespace Eucaim.Core.Catalogue.Search;

/// <summary>
/// The values of one facet for every listed dataset, as small integer codes in one flat array
/// (entry <c>i</c> owns <c>Codes[Start[i]..Start[i + 1]]</c>): counting facets is then a tight
/// loop over integers instead of string hashing.
/// </summary>
internal sealed class FacetColumn
{
    private FacetColumn(string[] values, Dictionary<string, int> codeOf, int[] start, int[] codes)
    {
        Values = values;
        CodeOf = codeOf;
        Start = start;
        Codes = codes;
        Totals = new int[values.Length];
        foreach (var code in codes)
        {
            Totals[code]++;
        }

        // Postings: the entries having each value, for searches that filter on this facet alone.
        var postings = Totals.Select(t => new List<int>(t)).ToArray();
        for (var entry = 0; entry + 1 < start.Length; entry++)
        {
            for (var k = start[entry]; k < start[entry + 1]; k++)
            {
                postings[codes[k]].Add(entry);
            }
        }

        Postings = postings.Select(p => p.ToArray()).ToArray();
    }

    /// <summary>Code → value.</summary>
    public string[] Values { get; }

    /// <summary>Value → code.</summary>
    public Dictionary<string, int> CodeOf { get; }

    public int[] Start { get; }

    public int[] Codes { get; }

    /// <summary>How many listed datasets have each value: the facet's counts when nothing else narrows the search.</summary>
    public int[] Totals { get; }

    /// <summary>Code → the entries that have it, in entry order.</summary>
    public int[][] Postings { get; }

    public ReadOnlySpan<int> Of(int entry) => Codes.AsSpan(Start[entry], Start[entry + 1] - Start[entry]);

    public sealed class Builder(int entries, IEqualityComparer<string> comparer)
    {
        private readonly List<string> _values = [];
        private readonly Dictionary<string, int> _codeOf = new(comparer);
        private readonly int[] _start = new int[entries + 1];
        private readonly List<int> _codes = new(entries);
        private int _next;

        /// <summary>Adds the values of the next entry; entries must come in order.</summary>
        public void Add(IEnumerable<string> values)
        {
            var first = _codes.Count;
            foreach (var value in values)
            {
                if (!_codeOf.TryGetValue(value, out var code))
                {
                    code = _values.Count;
                    _codeOf[value] = code;
                    _values.Add(value);
                }

                // Facets count datasets: a value listed twice by one dataset counts once.
                if (_codes.IndexOf(code, first) < 0)
                {
                    _codes.Add(code);
                }
            }

            _next++;
            _start[_next] = _codes.Count;
        }

        public FacetColumn Build() => new([.. _values], _codeOf, _start, [.. _codes]);
    }
}
