using System.Globalization;
using Eucaim.Core.Access;
using Eucaim.Core.Audit;
using Eucaim.Core.Data;
using Eucaim.Core.Identity;
using Microsoft.EntityFrameworkCore;

namespace Eucaim.Workers.Access;

/// <summary>
/// Announces the grants whose end has come. Access already stopped at <see cref="Grant.ValidUntil"/>
/// (<see cref="GrantQueries.ActiveAt"/> says so to every reader); this marks the grant expired,
/// sends <c>NOTIFY grant_ended</c> so running jobs are stopped, tells the tenant, and audits it. Each
/// grant ends in its own unit of work with a conditional update, so two sweepers never expire one twice.
/// </summary>
public sealed class GrantExpiry(UnitOfWork uow, Notifier notifier)
{
    public const int BatchSize = 100;

    private static readonly Actor Sweeper = Actor.System("grant-expiry");

    /// <returns>How many grants this call expired.</returns>
    public async Task<int> ExpireDueAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var due = await uow.Db.Grants.AsNoTracking()
            .Where(g => g.RevokedAt == null && g.ExpiredAt == null && g.ValidUntil <= now)
            .OrderBy(g => g.ValidUntil)
            .Take(BatchSize)
            .ToListAsync(cancellationToken);
        var expired = 0;
        foreach (var grant in due)
        {
            if (await ExpireAsync(grant, now, cancellationToken))
            {
                expired++;
            }
        }

        return expired;
    }

    private async Task<bool> ExpireAsync(Grant grant, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var expired = await uow.RunAsync<bool>(async (scope, ct) =>
        {
            var updated = await scope.Db.Grants
                .Where(g => g.Id == grant.Id && g.RevokedAt == null && g.ExpiredAt == null && g.ValidUntil <= now)
                .ExecuteUpdateAsync(s => s.SetProperty(g => g.ExpiredAt, now), ct);
            if (updated == 0)
            {
                return false;
            }

            notifier.Notify(NotificationRecipients.Tenant(grant.TenantSlug), AuditActions.GrantExpired,
                $"Access of tenant {grant.TenantSlug} to dataset {grant.DatasetId} ended at {grant.ValidUntil:u}.",
                grant.AccessRequestId, grant.Id, grant.DatasetId);
            await GrantEnding.AnnounceAsync(scope.Db, grant.Id, ct);
            scope.Audit(Sweeper.Audit(AuditActions.GrantExpired) with
            {
                TenantSlug = grant.TenantSlug,
                DatasetId = grant.DatasetId,
                TargetType = "grant",
                TargetId = grant.Id.ToString(),
                Details = new Dictionary<string, string?> { ["validUntil"] = grant.ValidUntil.ToString("O", CultureInfo.InvariantCulture) },
            });
            return true;
        }, cancellationToken);
        return expired.Value;
    }
}
