using Npgsql;
using NpgsqlTypes;

namespace Eucaim.Core.Catalogue.Search;

/// <summary>
/// Answers catalogue searches: PostgreSQL parses the text (<c>websearch_to_tsquery</c>, English
/// stemming); a query of one lexeme is matched and ranked from the snapshot's
/// <see cref="CatalogueLexicon"/>, any other by PostgreSQL full-text search (GIN index,
/// <c>ts_rank_cd</c>); filters, facet counts, sorting and keyset paging run over the in-memory
/// <see cref="CatalogueSnapshot"/>. The API and the benchmark both call this.
/// </summary>
/// <remarks>
/// Facet semantics are disjunctive: the count of a value of facet F is the number of datasets that
/// match the text query, the subject range and every active filter except F's own, and that have the
/// value. Selecting a value therefore leaves the other values of the same facet visible with the
/// counts one would get by switching to them. Values of one facet combine with OR, facets with AND.
/// </remarks>
public sealed class CatalogueSearch(CatalogueIndex index)
{
    private const string TextMatch =
        $"SELECT dataset_id FROM catalogue_entries WHERE search_vector @@ websearch_to_tsquery('{CatalogueProjection.TextSearchConfiguration}', $1)";

    /// <summary>The query's only lexeme, quoted as PostgreSQL prints it, when it has exactly one.</summary>
    private const string ParsedText =
        $"SELECT numnode(q), q::text FROM websearch_to_tsquery('{CatalogueProjection.TextSearchConfiguration}', $1) AS q";

    private const string Ranks =
        $"""
        SELECT dataset_id, ts_rank_cd(search_vector, websearch_to_tsquery('{CatalogueProjection.TextSearchConfiguration}', $1))
        FROM catalogue_entries WHERE dataset_id = ANY($2)
        """;

    /// <summary>
    /// False sends one-word queries to PostgreSQL like any other: the catalogue benchmark's baseline,
    /// measured beside the lexicon in the same run.
    /// </summary>
    internal bool AnswersOneWordFromLexicon { get; init; } = true;

    /// <param name="connection">An open connection to the platform database.</param>
    public async Task<CatalogueSearchOutcome> SearchAsync(NpgsqlConnection connection, CatalogueQuery query, CancellationToken cancellationToken)
    {
        var (snapshot, matches) = await SnapshotAndMatchesAsync(connection, query.Text, cancellationToken);

        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var selections = Selections(snapshot, query, errors);
        SortKey? after = null;
        if (query.PageToken is not null)
        {
            after = PageToken.Read(snapshot.TokenKey, query.Sort, query.Fingerprint(), query.PageToken);
            if (after is null)
            {
                errors["pageToken"] = ["The page token is not one this API issued for this query (filters, text and sort must stay the same)."];
            }
        }

        if (errors.Count > 0)
        {
            return new CatalogueSearchOutcome(null, errors);
        }

        var (results, counts) = Evaluate(snapshot, query, matches?.Entries, selections);
        var facets = Facets(snapshot, query, counts);
        var (page, next) = query.Sort == CatalogueSort.Relevance
            ? await PageByRelevanceAsync(connection, snapshot, query, matches!, results, after, cancellationToken)
            : PageByOrder(snapshot, query, results, after);

        return new CatalogueSearchOutcome(new CatalogueSearchResult(page, facets, results.Count, next), errors);
    }

    /// <summary>
    /// A snapshot at least as new as the database's revision, and the text matches. One round trip
    /// in every case but one: the revision alone when the text is cached in the current snapshot,
    /// the revision and the text query batched otherwise.
    /// </summary>
    private async Task<(CatalogueSnapshot Snapshot, TextMatches? Matches)> SnapshotAndMatchesAsync(
        NpgsqlConnection connection, string? text, CancellationToken cancellationToken)
    {
        var current = index.Current;
        var cached = text is null ? null : current?.TextMatches.Find(text);
        if (text is null || cached is not null)
        {
            var revision = await CatalogueSnapshot.ReadRevisionAsync(connection, cancellationToken);
            var snapshot = await index.AtLeastAsync(connection, revision, cancellationToken);
            if (text is null || ReferenceEquals(snapshot, current))
            {
                return (snapshot, cached);
            }

            // The catalogue changed since the text was cached: match again against the new snapshot.
            if (cached!.Lexeme is { } known)
            {
                return (snapshot, snapshot.TextMatches.Add(text, TextMatches.Of(known, snapshot.Lexicon.Find(known))));
            }

            var ids = await MatchAsync(connection, text, cancellationToken);
            return (snapshot, snapshot.TextMatches.Add(text, Resolve(snapshot, ids)));
        }

        var (parsedAt, lexeme) = AnswersOneWordFromLexicon
            ? await RevisionAndLexemeAsync(connection, text, cancellationToken)
            : (0, null);
        if (lexeme is not null)
        {
            // Matches and ranks come from the snapshot itself, so they always agree with it.
            var answering = await index.AtLeastAsync(connection, parsedAt, cancellationToken);
            return (answering, answering.TextMatches.Add(text, TextMatches.Of(lexeme, answering.Lexicon.Find(lexeme))));
        }

        var (latest, matched) = await RevisionAndMatchesAsync(connection, text, cancellationToken);
        var loaded = await index.AtLeastAsync(connection, latest, cancellationToken);
        var matches = Resolve(loaded, matched);
        // Cached only when the matches and the snapshot describe the same revision.
        return (loaded, loaded.Revision == latest ? loaded.TextMatches.Add(text, matches) : matches);
    }

    private static TextMatches Resolve(CatalogueSnapshot snapshot, List<Guid> ids) =>
        new(ids.Select(id => snapshot.IndexOf.GetValueOrDefault(id, -1)).Where(i => i >= 0).ToArray());

    private static async Task<List<Guid>> MatchAsync(NpgsqlConnection connection, string text, CancellationToken cancellationToken)
    {
        var (_, matches) = await RevisionAndMatchesAsync(connection, text, cancellationToken);
        return matches;
    }

    /// <summary>
    /// The revision and the text matches in one round trip. Sequential scans are off for the match:
    /// search vectors are stored out of line, and a sequential scan detoasts every one of them to
    /// test a common word ("cancer": 400 ms at 100,000 datasets), where the GIN index answers
    /// without reading a single vector (80 ms).
    /// </summary>
    private static async Task<(long Revision, List<Guid> Matches)> RevisionAndMatchesAsync(
        NpgsqlConnection connection, string text, CancellationToken cancellationToken)
    {
        await using var batch = new NpgsqlBatch(connection)
        {
            BatchCommands =
            {
                new NpgsqlBatchCommand("SET enable_seqscan = off"),
                new NpgsqlBatchCommand("SELECT revision FROM catalogue_state WHERE id = 1"),
                new NpgsqlBatchCommand(TextMatch) { Parameters = { new NpgsqlParameter { Value = text, NpgsqlDbType = NpgsqlDbType.Text } } },
                new NpgsqlBatchCommand("RESET enable_seqscan"),
            },
        };
        await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        var revision = reader.GetInt64(0);
        await reader.NextResultAsync(cancellationToken);
        return (revision, await ReadIdsAsync(reader, cancellationToken));
    }

    /// <summary>The revision, and the parsed query's lexeme if it is a single one, in one round trip.</summary>
    private static async Task<(long Revision, string? Lexeme)> RevisionAndLexemeAsync(
        NpgsqlConnection connection, string text, CancellationToken cancellationToken)
    {
        await using var batch = new NpgsqlBatch(connection)
        {
            BatchCommands =
            {
                new NpgsqlBatchCommand("SELECT revision FROM catalogue_state WHERE id = 1"),
                new NpgsqlBatchCommand(ParsedText) { Parameters = { new NpgsqlParameter { Value = text, NpgsqlDbType = NpgsqlDbType.Text } } },
            },
        };
        await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        var revision = reader.GetInt64(0);
        await reader.NextResultAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return (revision, reader.GetInt32(0) == 1 ? CatalogueLexicon.OnlyLexeme(reader.GetString(1)) : null);
    }

    private static async Task<List<Guid>> ReadIdsAsync(NpgsqlDataReader reader, CancellationToken cancellationToken)
    {
        var ids = new List<Guid>();
        while (await reader.ReadAsync(cancellationToken))
        {
            ids.Add(reader.GetGuid(0));
        }

        return ids;
    }

    /// <summary>Per filtered facet, which codes are selected; open-vocabulary values unknown to the catalogue are errors.</summary>
    private static List<(CatalogueFacet Facet, bool[] Selected)> Selections(
        CatalogueSnapshot snapshot, CatalogueQuery query, Dictionary<string, string[]> errors)
    {
        var selections = new List<(CatalogueFacet, bool[])>();
        foreach (var (facet, values) in query.Filters)
        {
            var column = snapshot.Columns[(int)facet];
            var selected = new bool[column.Values.Length];
            var unknown = new List<string>();
            foreach (var value in values)
            {
                if (column.CodeOf.TryGetValue(value, out var code))
                {
                    selected[code] = true;
                }
                else if (facet.IsOpenVocabulary())
                {
                    unknown.Add($"'{value}' is not a {facet.Name()} of any listed dataset; the {facet.Name()} facet lists the known values.");
                }
            }

            if (unknown.Count > 0)
            {
                errors[facet.Name()] = [.. unknown];
            }

            selections.Add((facet, selected));
        }

        return selections;
    }

    private static (List<int> Results, int[][] Counts) Evaluate(
        CatalogueSnapshot snapshot, CatalogueQuery query, int[]? matches, List<(CatalogueFacet Facet, bool[] Selected)> selections)
    {
        var columns = snapshot.Columns;
        var ranged = query.MinSubjects is not null || query.MaxSubjects is not null;
        if (matches is null && !ranged && selections.Count <= 1)
        {
            return EvaluateByPostings(snapshot, selections);
        }

        var counts = columns.Select(c => new int[c.Values.Length]).ToArray();
        var results = new List<int>();
        var min = query.MinSubjects ?? 0;
        var max = query.MaxSubjects ?? int.MaxValue;
        var candidates = matches ?? Enumerable.Range(0, snapshot.Listings.Length);
        foreach (var entry in candidates)
        {
            // A dataset without a usable subject count (NoSubjects) is outside every range.
            if (ranged && snapshot.Subjects[entry] is var subjects && (subjects < min || subjects > max))
            {
                continue;
            }

            // A dataset failing one filter still counts in that filter's own facet; failing two, nowhere.
            var failed = -1;
            var failures = 0;
            foreach (var (facet, selected) in selections)
            {
                if (!Matches(columns[(int)facet].Of(entry), selected) && ++failures == 1)
                {
                    failed = (int)facet;
                }
            }

            if (failures == 0)
            {
                results.Add(entry);
                for (var f = 0; f < counts.Length; f++)
                {
                    Count(columns[f].Of(entry), counts[f]);
                }
            }
            else if (failures == 1)
            {
                Count(columns[failed].Of(entry), counts[failed]);
            }
        }

        return (results, counts);
    }

    /// <summary>
    /// No text, no range, at most one filtered facet F: F's own counts are its totals (nothing else
    /// narrows them), and only the datasets having a selected value of F need visiting.
    /// </summary>
    private static (List<int> Results, int[][] Counts) EvaluateByPostings(
        CatalogueSnapshot snapshot, List<(CatalogueFacet Facet, bool[] Selected)> selections)
    {
        var columns = snapshot.Columns;
        var counts = columns.Select(c => (int[])c.Totals.Clone()).ToArray();
        if (selections.Count == 0)
        {
            return (Enumerable.Range(0, snapshot.Listings.Length).ToList(), counts);
        }

        var (facet, selected) = selections[0];
        var filtered = (int)facet;
        var postings = columns[filtered].Postings;
        var results = new List<int>();
        var seen = new bool[snapshot.Listings.Length];
        for (var code = 0; code < selected.Length; code++)
        {
            if (!selected[code])
            {
                continue;
            }

            foreach (var entry in postings[code])
            {
                // A dataset with two selected values (multi-valued facets) is one result.
                if (!seen[entry])
                {
                    seen[entry] = true;
                    results.Add(entry);
                }
            }
        }

        for (var f = 0; f < counts.Length; f++)
        {
            if (f == filtered)
            {
                continue;
            }

            Array.Clear(counts[f]);
            foreach (var entry in results)
            {
                Count(columns[f].Of(entry), counts[f]);
            }
        }

        return (results, counts);
    }

    private static bool Matches(ReadOnlySpan<int> codes, bool[] selected)
    {
        foreach (var code in codes)
        {
            if (selected[code])
            {
                return true;
            }
        }

        return false;
    }

    private static void Count(ReadOnlySpan<int> codes, int[] counts)
    {
        foreach (var code in codes)
        {
            counts[code]++;
        }
    }

    /// <summary>Values with a count, most frequent first; selected values always appear, even at 0.</summary>
    private static Dictionary<CatalogueFacet, IReadOnlyList<FacetCount>> Facets(CatalogueSnapshot snapshot, CatalogueQuery query, int[][] counts)
    {
        var facets = new Dictionary<CatalogueFacet, IReadOnlyList<FacetCount>>();
        foreach (var facet in CatalogueFacets.All)
        {
            var column = snapshot.Columns[(int)facet];
            var values = new List<FacetCount>();
            for (var code = 0; code < column.Values.Length; code++)
            {
                if (counts[(int)facet][code] > 0)
                {
                    values.Add(new FacetCount(column.Values[code], counts[(int)facet][code]));
                }
            }

            foreach (var selected in query.Filters.GetValueOrDefault(facet) ?? [])
            {
                var value = column.CodeOf.TryGetValue(selected, out var code) ? column.Values[code] : selected;
                if (!values.Exists(v => v.Value == value))
                {
                    values.Add(new FacetCount(value, 0));
                }
            }

            values.Sort((a, b) => a.Count != b.Count ? b.Count.CompareTo(a.Count) : string.CompareOrdinal(a.Value, b.Value));
            facets[facet] = values;
        }

        return facets;
    }

    private static (List<CatalogueHit> Page, string? Next) PageByOrder(
        CatalogueSnapshot snapshot, CatalogueQuery query, List<int> results, SortKey? after)
    {
        var isResult = new bool[snapshot.Listings.Length];
        foreach (var entry in results)
        {
            isResult[entry] = true;
        }

        var order = snapshot.Order(query.Sort);
        var start = after is { } position ? FirstAfter(snapshot, order, query.Sort, position) : 0;
        var page = new List<CatalogueHit>(query.PageSize);
        var more = false;
        for (var p = start; p < order.Length; p++)
        {
            if (!isResult[order[p]])
            {
                continue;
            }

            if (page.Count == query.PageSize)
            {
                more = true;
                break;
            }

            page.Add(new CatalogueHit(snapshot.Listings[order[p]], null));
        }

        var next = more
            ? PageToken.Create(snapshot.TokenKey, query.Sort, query.Fingerprint(), CatalogueOrder.KeyOf(query.Sort, page[^1].Listing))
            : null;
        return (page, next);
    }

    /// <summary>The first position of <paramref name="order"/> that sorts after <paramref name="after"/>.</summary>
    private static int FirstAfter(CatalogueSnapshot snapshot, int[] order, CatalogueSort sort, SortKey after)
    {
        int low = 0, high = order.Length;
        while (low < high)
        {
            var middle = (low + high) >>> 1;
            if (CatalogueOrder.Compare(sort, CatalogueOrder.KeyOf(sort, snapshot.Listings[order[middle]]), after) <= 0)
            {
                low = middle + 1;
            }
            else
            {
                high = middle;
            }
        }

        return low;
    }

    private static async Task<(List<CatalogueHit> Page, string? Next)> PageByRelevanceAsync(
        NpgsqlConnection connection, CatalogueSnapshot snapshot, CatalogueQuery query, TextMatches matches, List<int> results, SortKey? after,
        CancellationToken cancellationToken)
    {
        // Only datasets that passed every filter are ranked (ranking reads each one's tsvector), and
        // each only once per snapshot.
        var unranked = results.Where(e => !matches.TryRank(e, out _)).Select(e => snapshot.Listings[e].Id).ToArray();
        if (unranked.Length > 0)
        {
            await using var command = new NpgsqlCommand(Ranks, connection);
            command.Parameters.Add(new NpgsqlParameter { Value = query.Text!, NpgsqlDbType = NpgsqlDbType.Text });
            command.Parameters.Add(new NpgsqlParameter { Value = unranked, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Uuid });
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                if (snapshot.IndexOf.TryGetValue(reader.GetGuid(0), out var entry))
                {
                    matches.Ranks[entry] = reader.GetFloat(1);
                }
            }
        }

        var ranked = results
            .Select(e => (Entry: e, Key: CatalogueOrder.KeyOf(CatalogueSort.Relevance, snapshot.Listings[e], matches.TryRank(e, out var rank) ? rank : 0)))
            .Where(r => after is not { } position || CatalogueOrder.Compare(CatalogueSort.Relevance, r.Key, position) > 0)
            .ToList();
        ranked.Sort((a, b) => CatalogueOrder.Compare(CatalogueSort.Relevance, a.Key, b.Key));

        var page = ranked.Take(query.PageSize).Select(r => new CatalogueHit(snapshot.Listings[r.Entry], r.Key.Rank)).ToList();
        var next = ranked.Count > query.PageSize
            ? PageToken.Create(snapshot.TokenKey, query.Sort, query.Fingerprint(), ranked[query.PageSize - 1].Key)
            : null;
        return (page, next);
    }
}
