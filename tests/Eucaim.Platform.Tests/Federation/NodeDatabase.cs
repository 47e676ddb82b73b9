using Azure.Storage.Blobs;
using Eucaim.Core.Catalogue;
using Eucaim.Core.Data;
using Eucaim.Core.Federation;
using Eucaim.Core.Ingest;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Eucaim.Platform.Tests.Federation;

/// <summary>
/// A federated node's own database, created beside the platform's in its PostgreSQL and migrated (a node never
/// shares the hub's database), with the Core services a node's Workers run; dropped at the end.
/// </summary>
internal sealed class NodeDatabase : IAsyncDisposable
{
    private readonly string _admin;
    private readonly string _name;

    private NodeDatabase(string admin, string name, string connectionString, ServiceProvider services)
    {
        _admin = admin;
        _name = name;
        ConnectionString = connectionString;
        Services = services;
    }

    public string ConnectionString { get; }

    public ServiceProvider Services { get; }

    public static async Task<NodeDatabase> CreateAsync(PlatformRun platform, Action<IServiceCollection>? configure = null)
    {
        var admin = await platform.ConnectionStringAsync(EucaimDatabase.ConnectionName);
        var name = $"eucaim_node_{Guid.NewGuid():N}";
        await ExecuteAsync(admin, $"CREATE DATABASE {name}");
        var connectionString = new NpgsqlConnectionStringBuilder(admin) { Database = name }.ConnectionString;
        var services = new ServiceCollection()
            .AddLogging()
            .AddSingleton(TimeProvider.System)
            .AddSingleton(new BlobServiceClient(await platform.ConnectionStringAsync("blobs")))
            .AddDbContext<EucaimDbContext>(o => o.UseNpgsql(connectionString).UseSnakeCaseNamingConvention())
            .AddScoped<UnitOfWork>()
            .AddEucaimIngestCore()
            .AddEucaimCatalogueCore()
            .AddEucaimFederationNodeCore();
        configure?.Invoke(services);
        var provider = services.BuildServiceProvider();
        await using var scope = provider.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<EucaimDbContext>().Database.MigrateAsync();
        return new NodeDatabase(admin, name, connectionString, provider);
    }

    public Task ExecuteAsync(string sql) => ExecuteAsync(ConnectionString, sql);

    public async ValueTask DisposeAsync()
    {
        await Services.DisposeAsync();
        NpgsqlConnection.ClearAllPools();
        await ExecuteAsync(_admin, $"DROP DATABASE IF EXISTS {_name} WITH (FORCE)");
    }

    private static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
