using System.Diagnostics;
using Eucaim.Core.Catalogue;
using Eucaim.Core.Catalogue.Seed;
using Eucaim.Core.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using NpgsqlTypes;

namespace Eucaim.Catalogue.Benchmarks;

/// <summary>
/// A database of its own (never the platform's): created, migrated with the platform's migrations,
/// seeded with the platform's seeder, then filled with generated datasets by binary COPY.
/// </summary>
internal static class BenchDatabase
{
    public static async Task PrepareAsync(BenchOptions options, CancellationToken cancellationToken)
    {
        var target = options.ConnectionTo(options.Database);
        if (options.Reuse && await ListedCountAsync(target, cancellationToken) is { } listed && listed >= options.Datasets)
        {
            Console.WriteLine($"Reusing {options.Database}: {listed} listed datasets.");
            return;
        }

        var clock = Stopwatch.StartNew();
        await using (var server = new NpgsqlConnection(options.ConnectionTo("postgres")))
        {
            await server.OpenAsync(cancellationToken);
            await Execute(server, $"DROP DATABASE IF EXISTS \"{options.Database}\" WITH (FORCE)", cancellationToken);
            await Execute(server, $"CREATE DATABASE \"{options.Database}\"", cancellationToken);
        }

        await using var db = CreateContext(target);
        await db.Database.MigrateAsync(cancellationToken);
        var seeded = await new CatalogueSeeder(db, TimeProvider.System, NullLogger<CatalogueSeeder>.Instance).SeedAsync(cancellationToken);
        Console.WriteLine($"Created {options.Database}: migrated, {seeded} seed datasets ({clock.Elapsed.TotalSeconds:0.0} s).");

        // Ordered, so that the same command generates the same catalogue every time.
        var templates = await db.DatasetVersions.AsNoTracking().OrderBy(v => v.DatasetId).ToListAsync(cancellationToken);
        var seedOrganizations = await db.Organizations.OrderBy(o => o.Key).Select(o => o.Key).ToListAsync(cancellationToken);
        var generator = new SyntheticCatalogue(templates, seedOrganizations);
        db.Organizations.AddRange(generator.Organizations.Except(seedOrganizations).Select(k => new Organization { Key = k, Name = $"Benchmark organization {k}" }));
        await db.SaveChangesAsync(cancellationToken);

        clock.Restart();
        await using (var connection = new NpgsqlConnection(target))
        {
            await connection.OpenAsync(cancellationToken);
            await CopyAsync(connection, generator, options.Datasets, cancellationToken);
        }

        Console.WriteLine($"Generated {options.Datasets} datasets ({clock.Elapsed.TotalSeconds:0.0} s).");
        clock.Restart();
        await CatalogueProjection.RefreshAllAsync(db, cancellationToken);
        await db.Database.ExecuteSqlRawAsync("VACUUM ANALYZE", cancellationToken);
        Console.WriteLine($"Listed and analyzed ({clock.Elapsed.TotalSeconds:0.0} s).");
    }

    /// <summary>A context configured exactly as the platform's services configure theirs.</summary>
    public static EucaimDbContext CreateContext(string connectionString)
    {
        var options = new DbContextOptionsBuilder<EucaimDbContext>();
        EucaimDatabase.Configure(options.UseNpgsql(connectionString));
        return new EucaimDbContext(options.Options);
    }

    private static async Task<long?> ListedCountAsync(string connectionString, CancellationToken cancellationToken)
    {
        try
        {
            await using var connection = new NpgsqlConnection(connectionString);
            await connection.OpenAsync(cancellationToken);
            await using var command = new NpgsqlCommand("SELECT count(*) FROM catalogue_entries", connection);
            return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
        }
        catch (PostgresException)
        {
            return null;
        }
    }

    private static async Task Execute(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static async Task CopyAsync(NpgsqlConnection connection, SyntheticCatalogue generator, int count, CancellationToken cancellationToken)
    {
        var now = DateTimeOffset.UtcNow;
        var datasets = new List<(Guid Id, string Organization, DatasetVersion Version)>(count);
        for (var i = 1; i <= count; i++)
        {
            var (organization, metadata) = generator.Next(i);
            var version = new DatasetVersion
            {
                Id = Guid.CreateVersion7(),
                DatasetId = Guid.CreateVersion7(),
                Number = 1,
                Status = DatasetVersionStatus.Published,
                Name = "", Description = "", CancerType = "", CancerTypeKey = "", Sex = "", SexGroup = "", Tier = "",
                CreatedAt = now, CreatedBy = "bench", UpdatedAt = now,
                // Spread over two years, so that sorting by publication has something to sort.
                PublishedAt = now.AddMinutes(-i * 7), PublishedBy = "bench",
            };
            // The platform's own normalization (facet keys, sex group), as the API applies it.
            metadata.ApplyTo(version);
            datasets.Add((version.DatasetId, organization, version));
        }

        await using (var writer = await connection.BeginBinaryImportAsync(
            "COPY datasets (id, organization_key, state, latest_version, created_at, created_by, updated_at, updated_by) FROM STDIN (FORMAT BINARY)", cancellationToken))
        {
            foreach (var (id, organization, _) in datasets)
            {
                await writer.StartRowAsync(cancellationToken);
                await writer.WriteAsync(id, NpgsqlDbType.Uuid, cancellationToken);
                await writer.WriteAsync(organization, NpgsqlDbType.Varchar, cancellationToken);
                await writer.WriteAsync("published", NpgsqlDbType.Varchar, cancellationToken);
                await writer.WriteAsync(1, NpgsqlDbType.Integer, cancellationToken);
                await writer.WriteAsync(now, NpgsqlDbType.TimestampTz, cancellationToken);
                await writer.WriteAsync("bench", NpgsqlDbType.Varchar, cancellationToken);
                await writer.WriteAsync(now, NpgsqlDbType.TimestampTz, cancellationToken);
                await writer.WriteAsync("bench", NpgsqlDbType.Varchar, cancellationToken);
            }

            await writer.CompleteAsync(cancellationToken);
        }

        await using (var writer = await connection.BeginBinaryImportAsync(
            """
            COPY dataset_versions (id, dataset_id, number, status, name, description, intended_purpose, cancer_type, cancer_type_key,
                modalities, body_parts, body_part_keys, age_range, sex, sex_group, subjects, studies, deidentification, terms_of_use,
                collection_methods, dataset_types, tier, sharing_mode, federated_node, tools_used, notes,
                created_at, created_by, updated_at, published_at, published_by) FROM STDIN (FORMAT BINARY)
            """, cancellationToken))
        {
            foreach (var (_, _, v) in datasets)
            {
                await writer.StartRowAsync(cancellationToken);
                await writer.WriteAsync(v.Id, NpgsqlDbType.Uuid, cancellationToken);
                await writer.WriteAsync(v.DatasetId, NpgsqlDbType.Uuid, cancellationToken);
                await writer.WriteAsync(v.Number, NpgsqlDbType.Integer, cancellationToken);
                await writer.WriteAsync("published", NpgsqlDbType.Varchar, cancellationToken);
                await writer.WriteAsync(v.Name, NpgsqlDbType.Varchar, cancellationToken);
                await writer.WriteAsync(v.Description, NpgsqlDbType.Text, cancellationToken);
                await WriteNullable(writer, v.IntendedPurpose, NpgsqlDbType.Text, cancellationToken);
                await writer.WriteAsync(v.CancerType, NpgsqlDbType.Varchar, cancellationToken);
                await writer.WriteAsync(v.CancerTypeKey, NpgsqlDbType.Varchar, cancellationToken);
                await writer.WriteAsync(v.Modalities, NpgsqlDbType.Array | NpgsqlDbType.Text, cancellationToken);
                await writer.WriteAsync(v.BodyParts, NpgsqlDbType.Array | NpgsqlDbType.Text, cancellationToken);
                await writer.WriteAsync(v.BodyPartKeys, NpgsqlDbType.Array | NpgsqlDbType.Text, cancellationToken);
                await WriteNullable(writer, v.AgeRange, NpgsqlDbType.Text, cancellationToken);
                await writer.WriteAsync(v.Sex, NpgsqlDbType.Text, cancellationToken);
                await writer.WriteAsync(v.SexGroup, NpgsqlDbType.Varchar, cancellationToken);
                await WriteNullable(writer, v.Subjects, NpgsqlDbType.Integer, cancellationToken);
                await WriteNullable(writer, v.Studies, NpgsqlDbType.Integer, cancellationToken);
                await WriteNullable(writer, v.Deidentification, NpgsqlDbType.Text, cancellationToken);
                await WriteNullable(writer, v.TermsOfUse, NpgsqlDbType.Text, cancellationToken);
                await writer.WriteAsync(v.CollectionMethods, NpgsqlDbType.Array | NpgsqlDbType.Text, cancellationToken);
                await writer.WriteAsync(v.DatasetTypes, NpgsqlDbType.Array | NpgsqlDbType.Text, cancellationToken);
                await writer.WriteAsync(v.Tier, NpgsqlDbType.Varchar, cancellationToken);
                await writer.WriteAsync(v.SharingMode.ToValue(), NpgsqlDbType.Varchar, cancellationToken);
                await WriteNullable(writer, v.FederatedNode, NpgsqlDbType.Text, cancellationToken);
                await writer.WriteAsync(v.ToolsUsed, NpgsqlDbType.Array | NpgsqlDbType.Text, cancellationToken);
                await writer.WriteAsync(v.Notes, NpgsqlDbType.Array | NpgsqlDbType.Text, cancellationToken);
                await writer.WriteAsync(v.CreatedAt, NpgsqlDbType.TimestampTz, cancellationToken);
                await writer.WriteAsync(v.CreatedBy, NpgsqlDbType.Varchar, cancellationToken);
                await writer.WriteAsync(v.UpdatedAt, NpgsqlDbType.TimestampTz, cancellationToken);
                await writer.WriteAsync(v.PublishedAt!.Value, NpgsqlDbType.TimestampTz, cancellationToken);
                await writer.WriteAsync(v.PublishedBy!, NpgsqlDbType.Varchar, cancellationToken);
            }

            await writer.CompleteAsync(cancellationToken);
        }
    }

    private static async Task WriteNullable<T>(NpgsqlBinaryImporter writer, T? value, NpgsqlDbType type, CancellationToken cancellationToken)
    {
        if (value is null)
        {
            await writer.WriteNullAsync(cancellationToken);
        }
        else
        {
            await writer.WriteAsync(value, type, cancellationToken);
        }
    }
}
