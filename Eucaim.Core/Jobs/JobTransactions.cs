using Eucaim.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace Eucaim.Core.Jobs;

/// <summary>
/// Runs a unit of work in one transaction under the context's retrying execution strategy (which
/// refuses transactions it does not own): the write, its NOTIFY and its audit entry commit together.
/// </summary>
public static class JobTransactions
{
    public static Task InTransactionAsync(this EucaimDbContext db, Func<CancellationToken, Task> work, CancellationToken cancellationToken) =>
        db.Database.CreateExecutionStrategy().ExecuteAsync(async ct =>
        {
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            await work(ct);
            await transaction.CommitAsync(ct);
        }, cancellationToken);
}
