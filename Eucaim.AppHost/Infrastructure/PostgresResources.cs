using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;

namespace Eucaim.AppHost.Infrastructure;

internal static class PostgresResources
{
    private const string ServerName = "postgres";

    /// <summary>The database the services use; also their connection string key.</summary>
    public const string DatabaseName = "eucaim";

    /// <summary>The connection string of the restricted role the services connect as (migrations keep the owner).</summary>
    public const string ServiceConnectionName = "eucaim-service";

    /// <summary>Must equal <c>Eucaim.Core.Audit.ServiceRoleSql.Role</c>, which the migrations create.</summary>
    private const string ServiceRole = "eucaim_service";

    public static PlatformDatabase AddEucaimPostgres(this IDistributedApplicationBuilder builder, LocalPlatform platform)
    {
        var secret = platform.LocalSecret("postgres-password");
        var password = builder.AddParameter("postgres-password", secret, secret: true);
        var servicePassword = builder.AddParameter("postgres-service-password", platform.LocalSecret("postgres-service-password"), secret: true);

        if (platform.Mode == InfrastructureMode.Containers)
        {
            var container = builder.AddPostgres(ServerName, password: password, port: platform.Ports.Postgres)
                .WithDataVolume("eucaim-postgres-data")
                .WithLifetime(ContainerLifetime.Session);
            var primary = container.Resource.PrimaryEndpoint;
            PlatformDatabase InContainer(string name, string resourcePrefix) => new(
                container.AddDatabase(resourcePrefix + DatabaseName, name),
                builder.AddConnectionString(resourcePrefix + ServiceConnectionName, ReferenceExpression.Create(
                    $"Host={primary.Property(EndpointProperty.Host)};Port={primary.Property(EndpointProperty.Port)};Username={ServiceRole};Password={servicePassword};Database={name}")),
                container,
                InContainer);
            return InContainer(DatabaseName, "");
        }

        var binaries = FindServerBinaries(required: !platform.Publishing);
        var server = builder.AddExecutable(ServerName, "bash", platform.RepositoryRoot, Path.Combine(platform.ToolsDirectory, "postgres", "run-postgres.sh"))
            .WithEndpoint(name: "tcp", scheme: "tcp", port: platform.Ports.Postgres, env: "PGPORT", isProxied: !platform.DirectEndpoints)
            .WithEnvironment("PG_BIN", binaries)
            .WithEnvironment("PGDATA", platform.StatePath("postgres", "data"))
            .WithEnvironment("PG_PASSWORD_FILE", platform.StatePath("secrets", "postgres-password"));

        var endpoint = server.GetEndpoint("tcp");

        // Healthy means a real query answered, not merely that the port is open.
        var healthCheck = $"{ServerName}-query";
        builder.Services.AddHealthChecks().Add(new HealthCheckRegistration(
            healthCheck,
            _ => new PostgresQueryHealthCheck(async ct =>
                $"Host=localhost;Port={await endpoint.Property(EndpointProperty.Port).GetValueAsync(ct)};Username=postgres;Password={secret};Database=postgres;Timeout=5"),
            failureStatus: null,
            tags: null));
        server.WithHealthCheck(healthCheck);

        PlatformDatabase OnServer(string name, string resourcePrefix) => new(
            builder.AddConnectionString(resourcePrefix + DatabaseName, ReferenceExpression.Create(
                $"Host={endpoint.Property(EndpointProperty.Host)};Port={endpoint.Property(EndpointProperty.Port)};Username=postgres;Password={password};Database={name}")),
            builder.AddConnectionString(resourcePrefix + ServiceConnectionName, ReferenceExpression.Create(
                $"Host={endpoint.Property(EndpointProperty.Host)};Port={endpoint.Property(EndpointProperty.Port)};Username={ServiceRole};Password={servicePassword};Database={name}")),
            server,
            OnServer);
        return OnServer(DatabaseName, "");
    }

    /// <summary>The newest installed PostgreSQL server, from Debian's layout or from PATH; empty when not required and not found.</summary>
    private static string FindServerBinaries(bool required)
    {
        var debian = new DirectoryInfo("/usr/lib/postgresql");
        var installed = debian.Exists
            ? debian.GetDirectories()
                .Where(d => File.Exists(Path.Combine(d.FullName, "bin", "postgres")) && int.TryParse(d.Name, out _))
                .OrderByDescending(d => int.Parse(d.Name))
                .Select(d => Path.Combine(d.FullName, "bin"))
                .FirstOrDefault()
            : null;

        var onPath = (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .FirstOrDefault(dir => File.Exists(Path.Combine(dir, "postgres")) && File.Exists(Path.Combine(dir, "initdb")));

        return installed ?? onPath ?? (!required ? "" : throw new PlatformSetupException(
            "PostgreSQL server binaries not found and no container runtime answers: install them with 'sudo apt-get install -y postgresql' (./dev up does this for you)."));
    }

    private sealed class PostgresQueryHealthCheck(Func<CancellationToken, Task<string>> connectionString) : IHealthCheck
    {
        public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
        {
            try
            {
                await using var connection = new NpgsqlConnection(await connectionString(cancellationToken));
                await connection.OpenAsync(cancellationToken);
                await using var command = new NpgsqlCommand("SELECT count(*) FROM pg_catalog.pg_database", connection);
                var databases = await command.ExecuteScalarAsync(cancellationToken);
                return HealthCheckResult.Healthy($"{databases} databases");
            }
            catch (Exception ex)
            {
                return HealthCheckResult.Unhealthy(ex.Message, ex);
            }
        }
    }
}
