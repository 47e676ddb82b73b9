using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Eucaim.Core.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace Eucaim.Core.Catalogue.Seed;

/// <summary>
/// Loads the EUCAIM catalogue (the embedded <c>eucaim-datasets.json</c>) on first start: each
/// dataset Published as version 1 and owned by its organization. Idempotent: datasets are keyed by
/// the seed's <c>datasetKey</c>, and a transaction-scoped advisory lock keeps two migration runners
/// from loading at the same time.
/// </summary>
public sealed class CatalogueSeeder(EucaimDbContext db, TimeProvider clock, ILogger<CatalogueSeeder> logger)
{
    public const string SeedUser = "eucaim-seed";
    private const long AdvisoryLock = 0x4555_4341_494D_0001; // "EUCAIM" + 1

    /// <summary>The id a seed dataset gets: derived from its key, so it is the same in every installation.</summary>
    public static Guid IdOf(string seedKey) => SeedCatalogue.IdOf(seedKey);

    /// <returns>How many datasets were added (0 when the catalogue was already loaded).</returns>
    public async Task<int> SeedAsync(CancellationToken cancellationToken)
    {
        var seed = SeedCatalogue.Read();
        // One transaction (under the retry strategy) for the whole seed, behind a transaction-scoped advisory lock.
        var added = await new UnitOfWork(db, clock).RunAsync<int>(async (scope, ct) =>
        {
            await db.Database.ExecuteSqlRawAsync("SELECT pg_advisory_xact_lock({0})", [AdvisoryLock], ct);

            var existing = (await db.Datasets.Where(d => d.SeedKey != null).Select(d => d.SeedKey!).ToListAsync(ct)).ToHashSet();
            var organizations = (await db.Organizations.Select(o => o.Key).ToListAsync(ct)).ToHashSet();
            var count = 0;
            foreach (var record in seed)
            {
                // The first spelling of an organization wins: the seed writes APHP's name two ways.
                if (organizations.Add(record.OrganizationAcronym))
                {
                    db.Organizations.Add(new Organization { Key = record.OrganizationAcronym, Name = record.Organization });
                }

                if (existing.Contains(record.DatasetKey))
                {
                    continue;
                }

                db.Datasets.Add(ToDataset(record, scope.Now));
                count++;
            }

            // Saved before the commit: the listing is computed from the saved rows.
            await db.SaveChangesAsync(ct);
            if (count > 0)
            {
                await CatalogueProjection.RefreshAllAsync(db, ct);
            }

            return count;
        }, cancellationToken);

        logger.LogInformation("Catalogue seed: {Added} dataset(s) added, {Total} in the seed file.", added.Value, seed.Count);
        return added.Value;
    }

    private static Dataset ToDataset(SeedDataset record, DateTimeOffset now)
    {
        var dataset = new Dataset
        {
            Id = IdOf(record.DatasetKey),
            OrganizationKey = record.OrganizationAcronym,
            SeedKey = record.DatasetKey,
            State = DatasetState.Published,
            LatestVersion = 1,
            CreatedAt = now,
            CreatedBy = SeedUser,
            UpdatedAt = now,
            UpdatedBy = SeedUser,
        };
        var version = DatasetVersion.Begin(dataset.Id, 1, DatasetVersionStatus.Published, SeedUser, now);
        version.PublishedAt = now;
        version.PublishedBy = SeedUser;
        SeedMetadata(record).ApplyTo(version);
        dataset.Versions.Add(version);
        return dataset;
    }

    /// <summary>
    /// The seed is the EUCAIM catalogue as published, so it is loaded even where it would not pass
    /// today's validation (one omics-only dataset has no modality, one has no usable subject count);
    /// only what the model cannot hold is refused.
    /// </summary>
    private static DatasetMetadata SeedMetadata(SeedDataset record)
    {
        var metadata = record.ToMetadata();
        var unknown = (metadata.Modalities ?? []).Where(m => DicomModalities.Canonical(m) is null).ToList();
        if (Tiers.Canonical(metadata.Tier) is null || unknown.Count > 0)
        {
            throw new InvalidDataException($"seed {record.DatasetKey}: tier '{metadata.Tier}' or modalities [{string.Join(", ", unknown)}] unknown");
        }

        return metadata;
    }
}
