using Eucaim.Core.Data;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Eucaim.Api.Access;

/// <summary>
/// Runs a change in one transaction under the database's retry strategy: every attempt starts from
/// a clean change tracker and reloads what it needs, so a retried attempt never relies on state of a
/// failed one. The work saves, records its audit entries last, and says whether to commit.
/// </summary>
internal static class AccessUnitOfWork
{
    public static Task<T> RunAsync<T>(EucaimDbContext db, Func<CancellationToken, Task<(T Result, bool Commit)>> work, CancellationToken cancellationToken)
    {
        var strategy = db.Database.CreateExecutionStrategy();
        return strategy.ExecuteAsync(async ct =>
        {
            db.ChangeTracker.Clear();
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            var (result, commit) = await work(ct);
            if (commit)
            {
                await transaction.CommitAsync(ct);
            }

            return result;
        }, cancellationToken);
    }

    /// <summary>A unique index refused the row: someone else did the same thing first.</summary>
    public static bool IsUniqueViolation(DbUpdateException exception) =>
        exception.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation };
}
