using Eucaim.Core.Audit;
using Eucaim.Core.Platform;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace Eucaim.Core.Data;

/// <summary>
/// The one way a use case changes state: one transaction under the database's retry strategy
/// (serialization failures and dropped connections are retried), the audit entries of the change
/// appended last inside the same transaction with the injected clock, and a lost race (a unique
/// index or a concurrency token) mapped to the caller's <see cref="Problem"/> instead of a 500.
/// A retried attempt starts from an empty change tracker, so it never relies on a failed
/// attempt's state: load what you change inside the work.
/// </summary>
public sealed class UnitOfWork(EucaimDbContext db, TimeProvider clock)
{
    public EucaimDbContext Db => db;

    /// <summary>
    /// Runs <paramref name="work"/>: a succeeded outcome commits (remaining changes saved, then the
    /// scope's audit entries appended), a problem rolls everything back. When
    /// <paramref name="lostRace"/> is given, a unique-index or concurrency failure rolls back and
    /// returns its problem; otherwise it propagates.
    /// </summary>
    public async Task<Outcome<T>> RunAsync<T>(
        Func<UnitOfWorkScope, CancellationToken, Task<Outcome<T>>> work,
        CancellationToken cancellationToken,
        Func<Problem>? lostRace = null)
    {
        var attempt = 0;
        var strategy = db.Database.CreateExecutionStrategy();
        try
        {
            var outcome = await strategy.ExecuteAsync(async ct =>
            {
                if (attempt++ > 0)
                {
                    db.ChangeTracker.Clear();
                }

                await using var transaction = await db.Database.BeginTransactionAsync(ct);
                var scope = new UnitOfWorkScope(db, clock.GetUtcNow());
                Outcome<T> result;
                try
                {
                    result = await work(scope, ct);
                    if (result.Succeeded && StoredTextGuard.Check(db.ChangeTracker) is { } refused)
                    {
                        result = refused;
                    }

                    if (result.Succeeded)
                    {
                        await db.SaveChangesAsync(acceptAllChangesOnSuccess: false, ct);
                        await AppendAuditAsync(transaction, scope.AuditEntries, ct);
                        await transaction.CommitAsync(ct);
                    }
                }
                catch (Exception ex) when (lostRace is not null && DatabaseErrors.IsLostRace(ex))
                {
                    result = lostRace();
                }

                return result;
            }, cancellationToken);

            if (outcome.Succeeded)
            {
                db.ChangeTracker.AcceptAllChanges();
            }
            else
            {
                // Nothing of a refused change may leak into a later save on the same context.
                db.ChangeTracker.Clear();
            }

            return outcome;
        }
        catch
        {
            db.ChangeTracker.Clear();
            throw;
        }
    }

    /// <summary>Runs <paramref name="work"/> and always commits (for changes that cannot be refused).</summary>
    public async Task CommitAsync(Func<UnitOfWorkScope, CancellationToken, Task> work, CancellationToken cancellationToken) =>
        await RunAsync<Done>(async (scope, ct) =>
        {
            await work(scope, ct);
            return Done.Value;
        }, cancellationToken);

    /// <summary>Saves the context's pending changes together with <paramref name="entries"/>.</summary>
    public Task SaveWithAuditAsync(IReadOnlyList<AuditEntry> entries, CancellationToken cancellationToken) =>
        CommitAsync((scope, _) =>
        {
            foreach (var entry in entries)
            {
                scope.Audit(entry);
            }

            return Task.CompletedTask;
        }, cancellationToken);

    private async Task AppendAuditAsync(IDbContextTransaction transaction, IReadOnlyList<AuditEntry> entries, CancellationToken cancellationToken)
    {
        foreach (var entry in entries)
        {
            await AuditChain.AppendAsync(db.Database.GetDbConnection(), transaction.GetDbTransaction(), entry, clock.GetUtcNow(), cancellationToken);
        }
    }
}

/// <summary>One attempt of a <see cref="UnitOfWork"/>: the context, the attempt's time, the audit entries to append.</summary>
public sealed class UnitOfWorkScope
{
    private readonly List<AuditEntry> _audit = [];

    internal UnitOfWorkScope(EucaimDbContext db, DateTimeOffset now)
    {
        Db = db;
        Now = now;
    }

    public EucaimDbContext Db { get; }

    /// <summary>The injected clock's time when the attempt began: one "now" for every row of the change.</summary>
    public DateTimeOffset Now { get; }

    internal IReadOnlyList<AuditEntry> AuditEntries => _audit;

    /// <summary>Appends <paramref name="entry"/> to the audit trail if, and only if, the change commits.</summary>
    public void Audit(AuditEntry entry) => _audit.Add(entry);
}
