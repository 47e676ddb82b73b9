using System.Data;
using Npgsql;

namespace Eucaim.Core.Catalogue.Search;

/// <summary>
/// Every listed dataset's facet values and sort keys, held in memory by each API instance. Facet
/// counts over 100,000 datasets need a pass over all of them for every search; PostgreSQL takes
/// tens of milliseconds per pass on two cores, this takes a few. One-word text searches are answered
/// from its <see cref="CatalogueLexicon"/>; other text queries are matched and ranked by PostgreSQL.
/// Immutable: a newer revision of the catalogue means a new snapshot.
/// </summary>
internal sealed class CatalogueSnapshot
{
    private CatalogueSnapshot(long revision, byte[] tokenKey, CatalogueListing[] listings, FacetColumn[] columns, CatalogueLexicon lexicon)
    {
        Lexicon = lexicon;
        Revision = revision;
        TokenKey = tokenKey;
        Listings = listings;
        Columns = columns;
        Subjects = listings.Select(l => l.Subjects ?? NoSubjects).ToArray();
        IndexOf = new Dictionary<Guid, int>(listings.Length);
        for (var i = 0; i < listings.Length; i++)
        {
            IndexOf[listings[i].Id] = i;
        }

        ByName = Ordered(CatalogueSort.Name);
        BySubjects = Ordered(CatalogueSort.Subjects);
        ByPublished = Ordered(CatalogueSort.Published);
    }

    /// <summary>Stands for "no usable count" in <see cref="Subjects"/>.</summary>
    public const int NoSubjects = -1;

    public long Revision { get; }

    /// <summary>The HMAC key of page tokens, shared by every instance through the database.</summary>
    public byte[] TokenKey { get; }

    public CatalogueListing[] Listings { get; }

    public Dictionary<Guid, int> IndexOf { get; }

    /// <summary>Subject counts in a flat array: the range filter reads them for every candidate.</summary>
    public int[] Subjects { get; }

    /// <summary>Indexed by <see cref="CatalogueFacet"/>.</summary>
    public FacetColumn[] Columns { get; }

    public int[] ByName { get; }

    /// <summary>Every lexeme of the listed datasets, with its entries and their ranks.</summary>
    public CatalogueLexicon Lexicon { get; }

    /// <summary>Text matches of recent queries, valid exactly as long as this snapshot.</summary>
    public TextMatchCache TextMatches { get; } = new();

    public int[] BySubjects { get; }

    public int[] ByPublished { get; }

    public int[] Order(CatalogueSort sort) => sort switch
    {
        CatalogueSort.Name => ByName,
        CatalogueSort.Subjects => BySubjects,
        CatalogueSort.Published => ByPublished,
        _ => throw new ArgumentOutOfRangeException(nameof(sort), sort, "relevance has no precomputed order"),
    };

    public static async Task<long> ReadRevisionAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("SELECT revision FROM catalogue_state WHERE id = 1", connection);
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    /// <summary>Reads revision and entries in one repeatable-read transaction, so they agree.</summary>
    public static async Task<CatalogueSnapshot> LoadAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        await using var transaction = await connection.BeginTransactionAsync(IsolationLevel.RepeatableRead, cancellationToken);
        long revision;
        byte[] tokenKey;
        await using (var state = new NpgsqlCommand("SELECT revision, page_token_key FROM catalogue_state WHERE id = 1", connection, transaction))
        await using (var reader = await state.ExecuteReaderAsync(cancellationToken))
        {
            await reader.ReadAsync(cancellationToken);
            revision = reader.GetInt64(0);
            tokenKey = reader.GetFieldValue<byte[]>(1);
        }

        var rows = new List<(CatalogueListing Listing, string CancerTypeKey, string[] BodyPartKeys)>();
        var lexicon = new CatalogueLexicon.Builder();
        await using (var entries = new NpgsqlCommand(
            """
            SELECT dataset_id, version_number, name, organization_key, cancer_type, cancer_type_key, modalities,
                   body_parts, body_part_keys, tier, sharing_mode, sex_group, subjects, published_at,
                   search_vector::text
            FROM catalogue_entries
            """, connection, transaction))
        await using (var reader = await entries.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                var listing = new CatalogueListing(
                    reader.GetGuid(0), reader.GetInt32(1), reader.GetString(2), reader.GetString(3), reader.GetString(4),
                    reader.GetFieldValue<string[]>(6), reader.GetFieldValue<string[]>(7), reader.GetString(9), reader.GetString(10),
                    reader.GetString(11), reader.IsDBNull(12) ? null : reader.GetInt32(12), reader.GetFieldValue<DateTimeOffset>(13));
                lexicon.Add(rows.Count, reader.GetString(14));
                rows.Add((listing, reader.GetString(5), reader.GetFieldValue<string[]>(8)));
            }
        }

        await transaction.CommitAsync(cancellationToken);

        var builders = CatalogueFacets.All.Select(f => new FacetColumn.Builder(rows.Count,
            f == CatalogueFacet.Organization ? StringComparer.OrdinalIgnoreCase : StringComparer.Ordinal)).ToArray();
        foreach (var (listing, cancerTypeKey, bodyPartKeys) in rows)
        {
            builders[(int)CatalogueFacet.Modality].Add(listing.Modalities);
            builders[(int)CatalogueFacet.CancerType].Add([cancerTypeKey]);
            builders[(int)CatalogueFacet.BodyPart].Add(bodyPartKeys);
            builders[(int)CatalogueFacet.Tier].Add([listing.Tier]);
            builders[(int)CatalogueFacet.SharingMode].Add([listing.SharingMode]);
            builders[(int)CatalogueFacet.Sex].Add([listing.Sex]);
            builders[(int)CatalogueFacet.Organization].Add([listing.Organization]);
        }

        return new CatalogueSnapshot(revision, tokenKey, rows.Select(r => r.Listing).ToArray(), builders.Select(b => b.Build()).ToArray(), lexicon.Build());
    }

    /// <summary>
    /// The order <see cref="CatalogueOrder.Compare"/> defines, computed with keys extracted once
    /// (a comparison delegate over 100,000 datasets costs seconds on a busy machine).
    /// </summary>
    private int[] Ordered(CatalogueSort sort)
    {
        var entries = Enumerable.Range(0, Listings.Length);
        var ordered = sort switch
        {
            CatalogueSort.Name => entries
                .OrderBy(i => Listings[i].Name, StringComparer.OrdinalIgnoreCase)
                .ThenBy(i => Listings[i].Name, StringComparer.Ordinal),
            CatalogueSort.Subjects => entries.OrderByDescending(i => Subjects[i]),
            CatalogueSort.Published => entries.OrderByDescending(i => Listings[i].PublishedAt.UtcTicks),
            _ => throw new ArgumentOutOfRangeException(nameof(sort), sort, null),
        };
        return ordered.ThenBy(i => Listings[i].Id).ToArray();
    }
}
