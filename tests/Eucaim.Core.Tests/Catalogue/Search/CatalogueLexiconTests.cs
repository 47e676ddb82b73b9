using Eucaim.Core.Catalogue.Search;

namespace Eucaim.Core.Tests.Catalogue.Search;

/// <summary>
/// The lexicon reads search vectors as PostgreSQL prints them and ranks a lexeme as
/// <c>ts_rank_cd</c> does. Expected ranks were computed by PostgreSQL 15 for the same vectors
/// (<c>SELECT ts_rank_cd(v, 'cancer')</c> …); the platform suite compares every word of the seed
/// catalogue with the live database.
/// </summary>
public sealed class CatalogueLexiconTests
{
    private const string Vector =
        "'a''b':1A,5 'back\\\\slash':2C 'bare' 'cancer':2A,4B,7B,11,12 'many':20,21,22,23,24,25,26,27,28,29B,30A";

    [Theory]
    [InlineData("cancer", 2.0f)]
    [InlineData("a'b", 1.1f)]
    [InlineData("back\\slash", 0.2f)]
    [InlineData("many", 2.3f)]
    [InlineData("bare", 0f)]
    public void A_lexeme_ranks_as_ts_rank_cd_ranks_it(string lexeme, float rank)
    {
        var builder = new CatalogueLexicon.Builder();
        builder.Add(0, Vector);

        var postings = builder.Build().Find(lexeme);

        Assert.NotNull(postings);
        Assert.Equal([0], postings.Entries);
        Assert.Equal(rank, postings.Ranks[0]);
    }

    [Fact]
    public void Entries_are_listed_per_lexeme_in_the_order_added_and_absent_words_are_not_found()
    {
        var builder = new CatalogueLexicon.Builder();
        builder.Add(0, "'breast':1A 'cancer':2A");
        builder.Add(1, "'lung':1A,3C 'cancer':2A,4");
        builder.Add(2, "'breast':7C");

        var lexicon = builder.Build();

        Assert.Equal(3, lexicon.Count);
        Assert.Equal([0, 1], lexicon.Find("cancer")!.Entries);
        Assert.Equal([1.0f, 1.1f], lexicon.Find("cancer")!.Ranks);
        Assert.Equal([0, 2], lexicon.Find("breast")!.Entries);
        Assert.True(lexicon.Find("breast")!.TryRank(2, out var rank));
        Assert.Equal(0.2f, (float)rank);
        Assert.False(lexicon.Find("breast")!.TryRank(1, out _));
        Assert.Null(lexicon.Find("prostat"));
    }

    [Theory]
    [InlineData("'cancer")]
    [InlineData("cancer':1A")]
    [InlineData("'cancer':1A,x")]
    public void A_vector_that_is_not_postgresqls_text_form_is_refused(string vector)
    {
        var builder = new CatalogueLexicon.Builder();

        Assert.Throws<FormatException>(() => builder.Add(0, vector));
    }

    [Theory]
    [InlineData("'cancer'", "cancer")]
    [InlineData("'a''b'", "a'b")]
    [InlineData("'back\\\\slash'", "back\\slash")]
    [InlineData("'canc':*", null)]
    [InlineData("'cancer':A", null)]
    [InlineData("", null)]
    public void Only_a_query_of_one_plain_lexeme_is_answered_from_the_lexicon(string parsed, string? lexeme)
    {
        Assert.Equal(lexeme, CatalogueLexicon.OnlyLexeme(parsed));
    }
}
