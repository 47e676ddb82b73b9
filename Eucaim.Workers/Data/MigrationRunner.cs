using System.Diagnostics;
using Eucaim.Core.Audit;
using Eucaim.Core.Catalogue.Seed;
using Eucaim.Core.Data;
using Eucaim.Core.Federation;
using Eucaim.Core.Storage;
using Microsoft.EntityFrameworkCore;

namespace Eucaim.Workers.Data;

/// <summary>
/// Brings the database schema, the catalogue seed and the blob containers up to date, then stops the host.
/// A failure sets a non-zero exit code so that the AppHost keeps Api and Workers from starting
/// on a schema they do not understand.
/// </summary>
internal sealed class MigrationRunner(
    IServiceProvider services,
    IHostApplicationLifetime lifetime,
    ILogger<MigrationRunner> logger) : BackgroundService
{
    internal static readonly ActivitySource ActivitySource = new("Eucaim.Migrations");

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var activity = ActivitySource.StartActivity("Migrate");
        try
        {
            await using var scope = services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<EucaimDbContext>();
            var pending = (await db.Database.GetPendingMigrationsAsync(stoppingToken)).ToList();
            logger.LogInformation("Applying {Count} pending migration(s): {Migrations}", pending.Count, string.Join(", ", pending));
            // Migrations take an advisory lock, so two runners starting together do not race.
            await db.Database.MigrateAsync(stoppingToken);
            if (await ServiceRoleLogin.EnableAsync(db, scope.ServiceProvider.GetRequiredService<IConfiguration>(), stoppingToken))
            {
                logger.LogInformation("The services' database role {Role} can log in.", ServiceRoleSql.Role);
            }

            // Default content: the EUCAIM catalogue, loaded once (later runs add nothing). A federated node holds only
            // its own datasets (its agent seeds a dev node's share), never the hub's whole catalogue.
            if (scope.ServiceProvider.GetRequiredService<IConfiguration>().IsFederationNode())
            {
                logger.LogInformation("Federated node: the catalogue seed is the hub's and is not loaded here.");
            }
            else
            {
                await scope.ServiceProvider.GetRequiredService<CatalogueSeeder>().SeedAsync(stoppingToken);
            }

            await scope.ServiceProvider.GetRequiredService<BlobContainerInitializer>().EnsureContainersAsync(stoppingToken);
            logger.LogInformation("Database schema and blob containers are up to date.");
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogCritical(ex, "Migration failed: {Message}", ex.Message);
            Environment.ExitCode = 1;
        }
        finally
        {
            lifetime.StopApplication();
        }
    }
}
