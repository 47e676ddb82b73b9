using Eucaim.Core.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Npgsql;

namespace Eucaim.Core.Audit;

/// <summary>
/// Lets the services' restricted role log in. The migrations create <see cref="ServiceRoleSql.Role"/>
/// without a login; the migration runner (connected as the owner) then sets the password found in the
/// connection string <c>eucaim-service</c>, so the password lives only in configuration (an AppHost
/// secret parameter locally, a secret store in production) and never in a migration.
/// </summary>
public static class ServiceRoleLogin
{
    public const string ConnectionName = "eucaim-service";

    /// <returns>False when no service connection string is configured (the services then use the owner's).</returns>
    public static async Task<bool> EnableAsync(EucaimDbContext db, IConfiguration configuration, CancellationToken cancellationToken)
    {
        var connectionString = configuration.GetConnectionString(ConnectionName);
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            return false;
        }

        var service = new NpgsqlConnectionStringBuilder(connectionString);
        if (service.Username != ServiceRoleSql.Role || string.IsNullOrEmpty(service.Password))
        {
            throw new InvalidOperationException(
                $"Connection string '{ConnectionName}' must name the role '{ServiceRoleSql.Role}' (the one the migrations create) and carry its password.");
        }

        var statement = await db.Database
            .SqlQueryRaw<string>($"{ServiceRoleSql.EnableLoginSql} AS \"Value\"",
                new NpgsqlParameter("role", service.Username), new NpgsqlParameter("password", service.Password))
            .SingleAsync(cancellationToken);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
#pragma warning disable EF1002 // The statement is built by PostgreSQL's format() with %I and %L quoting, from parameters.
                await db.Database.ExecuteSqlRawAsync(statement, cancellationToken);
#pragma warning restore EF1002
                return true;
            }
            catch (PostgresException ex) when (attempt < MaxAttempts && IsConcurrentRoleUpdate(ex))
            {
                // The role belongs to the server: another database's migration runner on the same server (a federated
                // node's) set it in the same instant. Setting the same password again is harmless.
                await Task.Delay(TimeSpan.FromMilliseconds(100 * attempt), cancellationToken);
            }
        }
    }

    private const int MaxAttempts = 5;

    // PostgreSQL reports two writers of one catalog row as an internal error with this text and no code of its own.
    private static bool IsConcurrentRoleUpdate(PostgresException ex) =>
        ex.SqlState == PostgresErrorCodes.InternalError && ex.MessageText.Contains("tuple concurrently updated", StringComparison.Ordinal);
}
