using System.Diagnostics;
using Eucaim.Catalogue.Benchmarks;
using Eucaim.Core.Catalogue.Search;
using Microsoft.Extensions.Primitives;
using Npgsql;

// Catalogue search latency: fills its own database (100,000 generated datasets + the 55 seed
// datasets), then times the API's search code (CatalogueSearch) end to end, database round trips
// included, one query at a time. Usage: see BenchOptions.Usage.
var options = BenchOptions.Parse(args, out var error);
if (options is null)
{
    Console.Error.WriteLine($"catalogue bench: {error}");
    Console.Error.WriteLine(BenchOptions.Usage);
    return 2;
}

using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancel.Cancel();
};

try
{
    await BenchDatabase.PrepareAsync(options, cancel.Token);
}
catch (NpgsqlException ex)
{
    var server = new NpgsqlConnectionStringBuilder(options.ServerConnection);
    Console.Error.WriteLine($"catalogue bench: PostgreSQL at {server.Host}:{server.Port} refused or is not running ({ex.Message}); start it (./dev up) or pass --connection.");
    return 1;
}

await using var dataSource = NpgsqlDataSource.Create(options.ConnectionTo(options.Database));
var index = new CatalogueIndex();
var search = new CatalogueSearch(index);

// The baseline, on the same snapshot: one-word queries matched and ranked by PostgreSQL.
var searchInPostgreSql = new CatalogueSearch(index) { AnswersOneWordFromLexicon = false };

// Text + three filters; the terms and filters rotate so that no single plan or page is cached.
(string Query, string Name)[] textQueries =
[
    ("q=lung&modality=CT&sharingMode=federated-node&tier=2", "text+3 filters+facets"),
    ("q=breast cancer&modality=MG&sharingMode=central-repository&sex=female", "text+3 filters+facets"),
    ("q=prostate&modality=MR&tier=1&sex=male", "text+3 filters+facets"),
    ("q=colorectal OR colon&modality=CT&sharingMode=federated-node&tier=3", "text+3 filters+facets"),
    ("q=segmentation&modality=MR&tier=2&sex=mixed", "text+3 filters+facets"),
];
(string Query, string Name)[] filterQueries =
[
    ("modality=MR", "plain filter (+facets)"),
    ("tier=2&sharingMode=federated-node", "plain filter (+facets)"),
    ("organization=CETIR", "plain filter (+facets)"),
    ("modality=CT&sort=subjects", "plain filter (+facets)"),
    ("cancerType=lung cancer&sort=published", "plain filter (+facets)"),
];

// Words of the generated catalogue found in at least 0.1 % of the datasets: a new text for every
// iteration of the "new text" run, so that none of its searches reuses cached text matches.
var (freshTexts, commonWords) = await FreshTextsAsync(options.Iterations);

var heapBefore = GC.GetTotalMemory(forceFullCollection: true);
var load = Stopwatch.StartNew();
await RunAsync("pageSize=1");
var loadTime = load.Elapsed;
var snapshotBytes = GC.GetTotalMemory(forceFullCollection: true) - heapBefore;
Console.WriteLine($"In-memory search snapshot loaded in {loadTime.TotalMilliseconds:0} ms (first search after a change pays this), {snapshotBytes / 1048576.0:0} MB of managed heap.");

// Warm-up: JIT, connection pool, PostgreSQL buffers.
for (var i = 0; i < 50; i++)
{
    await RunAsync(textQueries[i % textQueries.Length].Query);
    await RunAsync(filterQueries[i % filterQueries.Length].Query);
}

var reports = new List<LatencyReport>
{
    await MeasureAsync("search: text + 3 filters + facets (repeated text)", i => textQueries[i % textQueries.Length].Query),
    await MeasureAsync("search: text + 3 filters + facets (new text)", i => $"q={freshTexts[i]}&modality=CT&sharingMode=federated-node&tier=2"),
    await MeasureAsync("search: text + 3 filters + facets (new common word)", i => $"q={NewSpelling(commonWords, i)}&modality=CT&sharingMode=federated-node&tier=2"),
    await MeasureAsync("  same, matched and ranked by PostgreSQL (baseline)",
        i => $"q={NewSpelling(commonWords, options.Iterations + i)}&modality=CT&sharingMode=federated-node&tier=2", searchInPostgreSql),
    await MeasureAsync("search: plain filter + facets", i => filterQueries[i % filterQueries.Length].Query),
};

Console.WriteLine();
Console.WriteLine($"=== Catalogue search, {options.Datasets} generated + 55 seed datasets, {Environment.ProcessorCount} cores ===");
foreach (var report in reports)
{
    Console.WriteLine(report.Line());
}

Console.WriteLine($"New common word p99, PostgreSQL / lexicon: {reports[3].Percentile(99) / reports[2].Percentile(99):0.0}x");

Console.WriteLine($"Machine load average while measuring: {LoadAverage()}");
return 0;

async Task<LatencyReport> MeasureAsync(string shape, Func<int, string> queryOf, CatalogueSearch? searchBy = null)
{
    var timings = new List<double>(options.Iterations);
    long totals = 0;
    for (var i = 0; i < options.Iterations; i++)
    {
        var watch = Stopwatch.StartNew();
        totals += await RunAsync(queryOf(i), searchBy);
        timings.Add(watch.Elapsed.TotalMilliseconds);
    }

    return new LatencyReport(shape, timings, (double)totals / options.Iterations);
}

async Task<(List<string> Fresh, List<string> Common)> FreshTextsAsync(int count)
{
    await using var connection = await dataSource.OpenConnectionAsync(cancel.Token);
    await using var command = new NpgsqlCommand(
        """
        SELECT word, ndoc FROM ts_stat('SELECT search_vector FROM catalogue_entries')
        WHERE ndoc >= 100 AND word ~ '^[a-z]{4,}$' ORDER BY word
        """, connection) { CommandTimeout = 600 };
    var words = new List<(string Word, int Datasets)>();
    await using var reader = await command.ExecuteReaderAsync(cancel.Token);
    while (await reader.ReadAsync(cancel.Token))
    {
        words.Add((reader.GetString(0), reader.GetInt32(1)));
    }

    if (words.Count < Math.Min(count, 300))
    {
        throw new InvalidOperationException($"only {words.Count} distinct words to search for");
    }

    // Common: found in at least 10 % of the datasets (at 100,000: "cancer", "cohort", "clinic", …).
    var common = words.Where(w => w.Datasets >= options.Datasets / 10).Select(w => w.Word).ToList();
    if (common.Count == 0)
    {
        throw new InvalidOperationException("no word is found in 10 % of the datasets");
    }

    // Repeats, if any, come back only after 300 other texts: beyond the cache's 256.
    return (Enumerable.Range(0, count).Select(i => words[i % words.Count].Word).ToList(), common);
}

// The i-th search of a common word: the words in turn, each round with another mix of capitals. The
// text is new to the search's text cache (keyed by the text as typed) while PostgreSQL does the same
// full-text work as for the word itself (websearch_to_tsquery folds case).
static string NewSpelling(List<string> words, int i)
{
    var word = words[i % words.Count];
    // From 1: the word as written may already be cached by the "new text" run.
    var round = i / words.Count + 1;
    if (round >= 1 << Math.Min(word.Length, 30))
    {
        throw new InvalidOperationException($"'{word}' has no spelling left for search {i}: fewer iterations, please");
    }

    return string.Create(word.Length, (word, round), static (span, state) =>
    {
        for (var c = 0; c < span.Length; c++)
        {
            span[c] = (state.round >> c & 1) == 1 ? char.ToUpperInvariant(state.word[c]) : state.word[c];
        }
    });
}

static string LoadAverage() =>
    File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";

// One API-equivalent search: a pooled connection, the search, facets for every filter, one page of 20.
async Task<int> RunAsync(string queryString, CatalogueSearch? searchBy = null)
{
    var parameters = queryString.Split('&').Select(p => p.Split('=', 2)).Select(p => new KeyValuePair<string, StringValues>(p[0], p[1]));
    var (query, errors) = CatalogueQueryParser.Parse(parameters);
    if (query is null)
    {
        throw new InvalidOperationException($"{queryString}: {string.Join("; ", errors.Select(e => $"{e.Key}: {string.Join(' ', e.Value)}"))}");
    }

    await using var connection = await dataSource.OpenConnectionAsync(cancel.Token);
    var outcome = await (searchBy ?? search).SearchAsync(connection, query, cancel.Token);
    return outcome.Result?.Total ?? throw new InvalidOperationException($"{queryString}: {string.Join("; ", outcome.Errors.Keys)}");
}
