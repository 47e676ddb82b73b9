using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Eucaim.Core.Data;

/// <summary>The database's answers that mean "someone else got there first", in one place.</summary>
public static class DatabaseErrors
{
    /// <summary>A unique index refused the row, or an optimistic concurrency token no longer matched.</summary>
    public static bool IsLostRace(Exception exception) => exception switch
    {
        DbUpdateConcurrencyException => true,
        DbUpdateException { InnerException: { } inner } => IsUniqueViolation(inner),
        _ => IsUniqueViolation(exception),
    };

    public static bool IsUniqueViolation(Exception exception) => exception switch
    {
        PostgresException { SqlState: PostgresErrorCodes.UniqueViolation } => true,
        DbUpdateException { InnerException: PostgresException { SqlState: PostgresErrorCodes.UniqueViolation } } => true,
        _ => false,
    };
}
