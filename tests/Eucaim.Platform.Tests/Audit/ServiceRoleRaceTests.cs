using Eucaim.Core.Audit;
using Eucaim.Core.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Npgsql;

namespace Eucaim.Platform.Tests.Audit;

/// <summary>
/// The services' role belongs to the whole PostgreSQL server, while a migration's lock holds one database: a hub and
/// its federated nodes on one server migrate at the same time, and the one that loses the race to create the role
/// must carry on rather than fail (the topology tests' node once stopped on it).
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class ServiceRoleRaceTests(PlatformFixture fixture)
{
    [Fact]
    public async Task A_migration_that_loses_the_race_to_create_the_service_role_still_succeeds()
    {
        var admin = await fixture.Platform.ConnectionStringAsync(EucaimDatabase.ConnectionName);
        var role = $"eucaim_race_{Guid.NewGuid():N}"[..30];
        var database = $"eucaim_race_{Guid.NewGuid():N}";
        await ExecuteAsync(admin, $"CREATE DATABASE {database}");
        var scratch = new NpgsqlConnectionStringBuilder(admin) { Database = database }.ConnectionString;
        try
        {
            // What the migration expects to find (its last statement revokes on the history table).
            await ExecuteAsync(scratch, "CREATE TABLE \"__EFMigrationsHistory\" (migration_id text)");

            // The other database's migration has created the role and not committed yet: this one does not see it.
            await using var other = new NpgsqlConnection(admin);
            await other.OpenAsync();
            await using var otherTransaction = await other.BeginTransactionAsync();
            await using (var create = new NpgsqlCommand($"CREATE ROLE {role} NOLOGIN", other, otherTransaction))
            {
                await create.ExecuteNonQueryAsync();
            }

            await using var migration = new NpgsqlConnection(scratch);
            await migration.OpenAsync();
            var pid = migration.ProcessID;
            var running = ExecuteAsync(migration, ServiceRoleSql.Up.Replace(ServiceRoleSql.Role, role, StringComparison.Ordinal));

            // Its CREATE ROLE waits on the other's uncommitted row; once that commits, it meets the duplicate.
            await WaitUntilAsync(admin, $"SELECT EXISTS (SELECT 1 FROM pg_stat_activity WHERE pid = {pid} AND wait_event_type = 'Lock')", running);
            await otherTransaction.CommitAsync();
            await running;

            var granted = await ScalarAsync<bool>(scratch, $"SELECT has_database_privilege('{role}', current_database(), 'CONNECT')");
            Assert.True(granted, "The migration stopped before granting the role what it needs.");
        }
        finally
        {
            NpgsqlConnection.ClearAllPools();
            await ExecuteAsync(admin, $"DROP DATABASE IF EXISTS {database} WITH (FORCE)");
            await ExecuteAsync(admin, $"DROP ROLE IF EXISTS {role}");
        }
    }

    [Fact]
    public async Task Letting_the_service_role_log_in_while_another_database_does_the_same_succeeds()
    {
        var admin = await fixture.Platform.ConnectionStringAsync(EucaimDatabase.ConnectionName);
        var service = await fixture.Platform.ConnectionStringAsync(ServiceRoleLogin.ConnectionName);
        var password = new NpgsqlConnectionStringBuilder(service).Password!;

        // Another migration runner has set the role's login (the same password) and not committed yet.
        await using var other = new NpgsqlConnection(admin);
        await other.OpenAsync();
        await using var otherTransaction = await other.BeginTransactionAsync();
        await using (var alter = new NpgsqlCommand($"ALTER ROLE {ServiceRoleSql.Role} WITH LOGIN PASSWORD '{password.Replace("'", "''", StringComparison.Ordinal)}'", other, otherTransaction))
        {
            await alter.ExecuteNonQueryAsync();
        }

        await using var db = new EucaimDbContext(new DbContextOptionsBuilder<EucaimDbContext>().UseNpgsql(admin).UseSnakeCaseNamingConvention().Options);
        var configuration = new ConfigurationBuilder().AddInMemoryCollection([new($"ConnectionStrings:{ServiceRoleLogin.ConnectionName}", service)]).Build();
        await db.Database.OpenConnectionAsync();
        var pid = await db.Database.SqlQueryRaw<int>("SELECT pg_backend_pid() AS \"Value\"").SingleAsync();
        var running = ServiceRoleLogin.EnableAsync(db, configuration, CancellationToken.None);

        await WaitUntilAsync(admin, $"SELECT EXISTS (SELECT 1 FROM pg_stat_activity WHERE pid = {pid} AND wait_event_type = 'Lock')", running);
        await otherTransaction.CommitAsync();
        Assert.True(await running);
    }

    private static async Task WaitUntilAsync(string connectionString, string sql, Task running)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!await ScalarAsync<bool>(connectionString, sql))
        {
            Assert.False(running.IsCompleted, "The migration finished without waiting for the other's role: the race was not set up.");
            Assert.True(DateTime.UtcNow < deadline, "The migration never waited for the other's uncommitted role.");
            await Task.Delay(50);
        }
    }

    private static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await ExecuteAsync(connection, sql);
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<T> ScalarAsync<T>(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (T)(await command.ExecuteScalarAsync())!;
    }
}
