using Eucaim.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace Eucaim.Core.Catalogue;

/// <summary>
/// Keeps <c>catalogue_entries</c> equal to "the latest published version of every published
/// dataset". Runs inside the transaction that publishes or invalidates, so search never sees one
/// without the other. A statement trigger on the table bumps <c>catalogue_state.revision</c>, which
/// tells every API instance that its in-memory search snapshot is stale.
/// </summary>
public static class CatalogueProjection
{
    /// <summary>The text search configuration of the index and of every query against it.</summary>
    public const string TextSearchConfiguration = "english";

    private const string Upsert = """
        INSERT INTO catalogue_entries (dataset_id, version_number, organization_key, name, intended_purpose, description,
            cancer_type, cancer_type_key, modalities, body_parts, body_part_keys, tier, sharing_mode, sex_group, subjects, published_at)
        SELECT d.id, v.number, d.organization_key, v.name, v.intended_purpose, v.description,
            v.cancer_type, v.cancer_type_key, v.modalities, v.body_parts, v.body_part_keys, v.tier, v.sharing_mode, v.sex_group,
            v.subjects, v.published_at
        FROM datasets d
        JOIN dataset_versions v ON v.dataset_id = d.id AND v.number = d.latest_version AND v.status = 'published'
        WHERE d.state = 'published'
        """;

    private const string OnConflict = """
        ON CONFLICT (dataset_id) DO UPDATE SET
            version_number = excluded.version_number, organization_key = excluded.organization_key, name = excluded.name,
            intended_purpose = excluded.intended_purpose, description = excluded.description,
            cancer_type = excluded.cancer_type, cancer_type_key = excluded.cancer_type_key, modalities = excluded.modalities,
            body_parts = excluded.body_parts, body_part_keys = excluded.body_part_keys, tier = excluded.tier,
            sharing_mode = excluded.sharing_mode, sex_group = excluded.sex_group, subjects = excluded.subjects,
            published_at = excluded.published_at
        """;

    /// <summary>Lists (or re-lists) one dataset after a publication; unlists it when it is no longer published.</summary>
    public static async Task RefreshAsync(EucaimDbContext db, Guid datasetId, CancellationToken cancellationToken)
    {
        await db.Database.ExecuteSqlRawAsync(
            "DELETE FROM catalogue_entries WHERE dataset_id = {0} AND NOT EXISTS (SELECT 1 FROM datasets WHERE id = {0} AND state = 'published')",
            [datasetId], cancellationToken);
        await db.Database.ExecuteSqlRawAsync($"{Upsert} AND d.id = {{0}} {OnConflict}", [datasetId], cancellationToken);
    }

    /// <summary>Lists every published dataset: after a bulk load (seed, benchmark).</summary>
    public static async Task RefreshAllAsync(EucaimDbContext db, CancellationToken cancellationToken)
    {
        db.Database.SetCommandTimeout(TimeSpan.FromMinutes(10));
        await db.Database.ExecuteSqlRawAsync(
            "DELETE FROM catalogue_entries e USING datasets d WHERE e.dataset_id = d.id AND d.state <> 'published'", cancellationToken);
        await db.Database.ExecuteSqlRawAsync($"{Upsert} {OnConflict}", cancellationToken);
    }
}
