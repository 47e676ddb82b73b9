using System.Text.Json;
using System.Text.RegularExpressions;
using Npgsql;

namespace Eucaim.Platform.Tests.Catalogue;

/// <summary>
/// One-word searches are answered from the API's in-memory lexicon, others by PostgreSQL: for every
/// word of the seed catalogue the API must find exactly the datasets PostgreSQL's own full-text
/// match finds, with PostgreSQL's own <c>ts_rank_cd</c> as the score, to the last bit.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed partial class CatalogueTextRankTests(PlatformFixture fixture)
{
    [Fact]
    public async Task Every_word_of_the_catalogue_finds_what_postgresql_finds_with_postgresqls_exact_rank()
    {
        var words = SeedFile.Records
            .SelectMany(r => Word().Matches(r.Text.ToLowerInvariant()).Select(m => m.Value))
            .Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        Assert.True(words.Count > 500, $"only {words.Count} words in the seed catalogue");
        var expected = await PostgreSqlAnswersAsync(words);
        using var api = fixture.Platform.CreateApiClient();

        var mismatches = new List<string>();
        foreach (var word in words)
        {
            var result = await CatalogueApi.SearchAsync(api, $"q={Uri.EscapeDataString(word)}&pageSize=100");
            var found = result.GetProperty("items").EnumerateArray()
                .Select(i => (Id: i.GetProperty("id").GetGuid(), Score: i.GetProperty("score").GetDouble())).ToList();
            var wanted = expected.GetValueOrDefault(word) ?? [];
            if (result.GetProperty("total").GetInt32() != wanted.Count || !found.SequenceEqual(wanted.Take(100)))
            {
                mismatches.Add($"{word}: API total {result.GetProperty("total").GetInt32()}, PostgreSQL {wanted.Count}; " +
                    $"first API hit {Describe(found)}, PostgreSQL {Describe(wanted)}");
            }
        }

        Assert.True(mismatches.Count == 0, $"{mismatches.Count} of {words.Count} words differ:\n{string.Join('\n', mismatches.Take(20))}");
    }

    [Theory]
    [InlineData("cancer", "CANCER")]
    [InlineData("cancer", "Cancers")]
    [InlineData("imaging", "IMAGES")]
    public async Task A_word_spelt_differently_with_the_same_stem_gets_the_same_answer(string word, string spelling)
    {
        using var api = fixture.Platform.CreateApiClient();

        var first = await CatalogueApi.SearchAsync(api, $"q={word}&pageSize=100");
        var second = await CatalogueApi.SearchAsync(api, $"q={spelling}&pageSize=100");

        Assert.True(first.GetProperty("total").GetInt32() > 0);
        Assert.Equal(first.GetProperty("total").GetInt32(), second.GetProperty("total").GetInt32());
        Assert.Equal(Hits(first), Hits(second));
    }

    [Theory]
    [InlineData("\"lung cancer\"")]
    [InlineData("breast -mammography")]
    [InlineData("colorectal OR colon")]
    [InlineData("prostate mri")]
    public async Task Queries_of_several_words_are_ranked_as_postgresql_ranks_them(string text)
    {
        var expected = await PostgreSqlAnswersAsync([text]);
        using var api = fixture.Platform.CreateApiClient();

        var result = await CatalogueApi.SearchAsync(api, $"q={Uri.EscapeDataString(text)}&pageSize=100");

        var wanted = expected.GetValueOrDefault(text) ?? [];
        Assert.NotEmpty(wanted);
        Assert.Equal(wanted.Count, result.GetProperty("total").GetInt32());
        Assert.Equal(wanted.Take(100).ToList(), Hits(result));
    }

    /// <summary>Per text: the matching datasets in the API's relevance order (rank descending, then id), with their rank.</summary>
    private async Task<Dictionary<string, List<(Guid Id, double Score)>>> PostgreSqlAnswersAsync(List<string> texts)
    {
        await using var db = new NpgsqlConnection(await fixture.Platform.ConnectionStringAsync("eucaim"));
        await db.OpenAsync();
        await using var command = new NpgsqlCommand(
            """
            SELECT t.text, e.dataset_id, ts_rank_cd(e.search_vector, websearch_to_tsquery('english', t.text))
            FROM unnest(@texts) AS t(text)
            JOIN catalogue_entries e ON e.search_vector @@ websearch_to_tsquery('english', t.text)
            """, db);
        command.Parameters.AddWithValue("texts", texts.ToArray());
        var answers = new Dictionary<string, List<(Guid Id, double Score)>>(StringComparer.Ordinal);
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                var text = reader.GetString(0);
                if (!answers.TryGetValue(text, out var hits))
                {
                    answers[text] = hits = [];
                }

                hits.Add((reader.GetGuid(1), reader.GetFloat(2)));
            }
        }

        foreach (var hits in answers.Values)
        {
            hits.Sort((a, b) => a.Score != b.Score ? b.Score.CompareTo(a.Score) : a.Id.CompareTo(b.Id));
        }

        return answers;
    }

    private static List<(Guid Id, double Score)> Hits(JsonElement result) =>
        result.GetProperty("items").EnumerateArray().Select(i => (i.GetProperty("id").GetGuid(), i.GetProperty("score").GetDouble())).ToList();

    private static string Describe(List<(Guid Id, double Score)> hits) =>
        hits.Count == 0 ? "none" : $"{hits[0].Id} {hits[0].Score:R}";

    [GeneratedRegex("[a-z]{3,}")]
    private static partial Regex Word();
}
