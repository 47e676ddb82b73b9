using Eucaim.Core.Audit;
using Eucaim.Core.Data;
using Eucaim.Core.Identity;
using Eucaim.Core.Platform;
using Microsoft.EntityFrameworkCore;

namespace Eucaim.Core.Access;

/// <summary>
/// Ends a grant at once (the committee, admins, the dataset's data holders): the tenant is told, and
/// <c>NOTIFY grant_ended</c> on commit lets the jobs dispatcher stop running jobs on it.
/// </summary>
public sealed class RevokeGrant(UnitOfWork uow, Notifier notifier, AccessClock clock)
{
    public async Task<Outcome<Grant>> RunAsync(Actor actor, Guid id, string? reason, CancellationToken cancellationToken)
    {
        var validated = GrantRules.RevocationReason(reason);
        if (!validated.Succeeded)
        {
            return validated.Problem;
        }

        var why = validated.Value;
        return await uow.RunAsync<Grant>(async (scope, ct) =>
        {
            var db = scope.Db;
            await db.Database.ExecuteSqlAsync($"SELECT 1 FROM grants WHERE id = {id} FOR UPDATE", ct);
            var visible = await db.Grants.VisibleTo(db, actor.Identity).AnyAsync(g => g.Id == id, ct);
            var grant = await db.Grants.FirstOrDefaultAsync(g => g.Id == id, ct);
            if (grant is null || !visible)
            {
                return Problem.NotFound("grant", id, hidesExisting: grant is not null);
            }

            var organization = await db.Datasets.Where(d => d.Id == grant.DatasetId).Select(d => d.OrganizationKey).FirstAsync(ct);
            var now = clock.GetUtcNow();
            if (GrantRules.CheckRevoke(grant, actor.Identity, organization, now) is { } refused)
            {
                return refused;
            }

            grant.RevokedAt = now;
            grant.RevokedBy = actor.Subject;
            grant.RevocationReason = why;
            notifier.Notify(NotificationRecipients.Tenant(grant.TenantSlug), AuditActions.GrantRevoked,
                $"Access of tenant {grant.TenantSlug} to dataset {grant.DatasetId} was revoked: {why}", grant.AccessRequestId, grant.Id, grant.DatasetId);
            await db.SaveChangesAsync(ct);
            await GrantEnding.AnnounceAsync(db, grant.Id, ct);
            scope.Audit(actor.Audit(AuditActions.GrantRevoked) with
            {
                TenantSlug = grant.TenantSlug,
                DatasetId = grant.DatasetId,
                TargetType = "grant",
                TargetId = grant.Id.ToString(),
                Details = new Dictionary<string, string?> { ["reason"] = why },
            });
            return grant;
        }, cancellationToken, lostRace: () => GrantRules.AlreadyRevoked("concurrently"));
    }
}
