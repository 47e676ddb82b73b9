using System.Data;
using System.Data.Common;
using Eucaim.Core.Audit;
using Eucaim.Core.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace Eucaim.Core.Identity;

/// <summary>
/// Records a signed-in person in <c>users</c>: inserted on first sight, name, email and last seen
/// refreshed afterwards. One statement, safe when two first requests race; the first sight is
/// audited in the same unit of work.
/// </summary>
public sealed class UserRecorder(UnitOfWork unitOfWork)
{
    // `xmax = 0` holds only for a row this statement inserted, not for one it updated.
    private const string Upsert = """
        INSERT INTO users (subject, issuer, name, email, first_seen_at, last_seen_at)
        VALUES (@subject, @issuer, @name, @email, now(), now())
        ON CONFLICT (issuer, subject) DO UPDATE
            SET last_seen_at = excluded.last_seen_at,
                name = COALESCE(excluded.name, users.name),
                email = COALESCE(excluded.email, users.email)
        RETURNING (xmax = 0), first_seen_at, last_seen_at
        """;

    public async Task<UserSighting> RecordAsync(string issuer, string subject, string? name, string? email, CancellationToken cancellationToken)
    {
        var outcome = await unitOfWork.RunAsync<UserSighting>(async (scope, ct) =>
        {
            UserSighting sighting;
            await using (var command = scope.Db.Database.GetDbConnection().CreateCommand())
            {
                command.Transaction = scope.Db.Database.CurrentTransaction!.GetDbTransaction();
                command.CommandText = Upsert;
                Add(command, "subject", subject);
                Add(command, "issuer", issuer);
                Add(command, "name", Fit(name, 255));
                Add(command, "email", Fit(email, 320));
                await using var reader = await command.ExecuteReaderAsync(ct);
                await reader.ReadAsync(ct);
                sighting = new UserSighting(
                    reader.GetBoolean(0),
                    reader.GetFieldValue<DateTimeOffset>(1),
                    reader.GetFieldValue<DateTimeOffset>(2));
            }

            if (sighting.FirstSeen)
            {
                scope.Audit(new AuditEntry(AuditActions.UserFirstSeen, subject)
                {
                    TargetType = "user",
                    TargetId = subject,
                    Details = new Dictionary<string, string?> { ["issuer"] = issuer, ["name"] = Fit(name, 255) },
                });
            }

            return sighting;
        }, cancellationToken);
        return outcome.Value!;
    }

    private static void Add(DbCommand command, string name, string? value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.DbType = DbType.String;
        parameter.Value = (object?)value ?? DBNull.Value;
        command.Parameters.Add(parameter);
    }

    private static string? Fit(string? value, int length) => value is { Length: > 0 } && value.Length > length ? value[..length] : value;
}

/// <summary>The outcome of recording a user: whether this was the first sight, and the row's times.</summary>
public sealed record UserSighting(bool FirstSeen, DateTimeOffset FirstSeenAt, DateTimeOffset LastSeenAt);
