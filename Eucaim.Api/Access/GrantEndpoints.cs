using Eucaim.Core.Access;
using Eucaim.Core.Audit;
using Eucaim.Core.Data;
using Eucaim.Core.Identity;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Eucaim.Api.Access;

/// <summary><c>/api/grants</c>: reads for those who may see a grant; revocation by the committee, admins or the dataset's data holders.</summary>
internal static class GrantEndpoints
{
    public const int MaxReasonLength = 2000;

    public static async Task<Ok<List<GrantView>>> ListAsync(
        string? tenant, Guid? dataset, bool? active, HttpContext http, EucaimDbContext db, AccessClock clock, CancellationToken cancellationToken)
    {
        var caller = PlatformIdentity.From(http.User);
        var now = clock.GetUtcNow();
        var query = db.Grants.AsNoTracking().VisibleTo(db, caller);
        if (!string.IsNullOrWhiteSpace(tenant))
        {
            query = query.Where(g => g.TenantSlug == tenant);
        }

        if (dataset is { } datasetId)
        {
            query = query.Where(g => g.DatasetId == datasetId);
        }

        if (active == true)
        {
            query = query.ActiveAt(now);
        }

        var rows = await query.OrderByDescending(g => g.CreatedAt).Take(500).ToListAsync(cancellationToken);
        return TypedResults.Ok(rows.Select(g => GrantView.Of(g, now)).ToList());
    }

    public static async Task<Results<Ok<GrantView>, ProblemHttpResult>> GetAsync(
        Guid id, HttpContext http, EucaimDbContext db, AccessClock clock, CancellationToken cancellationToken)
    {
        var caller = PlatformIdentity.From(http.User);
        var grant = await db.Grants.AsNoTracking().VisibleTo(db, caller).FirstOrDefaultAsync(g => g.Id == id, cancellationToken);
        return grant is null
            ? AccessProblems.NotFound(http, "grant", id, await db.Grants.AnyAsync(g => g.Id == id, cancellationToken))
            : TypedResults.Ok(GrantView.Of(grant, clock.GetUtcNow()));
    }

    public static async Task<Results<Ok<GrantView>, ValidationProblem, ProblemHttpResult>> RevokeAsync(
        Guid id, RevokeGrantBody? body, HttpContext http, EucaimDbContext db, IAuditTrail audit, Notifier notifier,
        AccessClock clock, CancellationToken cancellationToken)
    {
        var caller = PlatformIdentity.From(http.User);
        var reason = body?.Reason?.Trim();
        if (string.IsNullOrEmpty(reason) || reason.Length > MaxReasonLength)
        {
            return AccessProblems.Invalid("reason", $"A reason of 1 to {MaxReasonLength} characters is required: the tenant sees it.");
        }

        return await AccessUnitOfWork.RunAsync<Results<Ok<GrantView>, ValidationProblem, ProblemHttpResult>>(db, async ct =>
        {
            await db.Database.ExecuteSqlAsync($"SELECT 1 FROM grants WHERE id = {id} FOR UPDATE", ct);
            var visible = await db.Grants.VisibleTo(db, caller).AnyAsync(g => g.Id == id, ct);
            var grant = await db.Grants.FirstOrDefaultAsync(g => g.Id == id, ct);
            if (grant is null || !visible)
            {
                return (AccessProblems.NotFound(http, "grant", id, hidesExisting: grant is not null), false);
            }

            var organization = await db.Datasets.Where(d => d.Id == grant.DatasetId).Select(d => d.OrganizationKey).FirstAsync(ct);
            if (!(caller.IsAccessCommittee || caller.IsAdmin || caller.HoldsDataFor(organization)))
            {
                return (AccessProblems.Forbidden("You may not revoke this grant.",
                    "Grants are revoked by the access committee, admins, or the dataset's data holders.", "revoker-role"), false);
            }

            var now = clock.GetUtcNow();
            if (grant.RevokedAt is not null)
            {
                return (AccessProblems.Conflict("Already revoked.", $"The grant was revoked at {grant.RevokedAt:O}.", "grant-ended"), false);
            }

            if (grant.ExpiredAt is not null || now >= grant.ValidUntil)
            {
                return (AccessProblems.Conflict("Already expired.", $"The grant ended at {grant.ValidUntil:O}.", "grant-ended"), false);
            }

            grant.RevokedAt = now;
            grant.RevokedBy = caller.Subject;
            grant.RevocationReason = reason;
            notifier.Notify(NotificationRecipients.Tenant(grant.TenantSlug), AuditActions.GrantRevoked,
                $"Access of tenant {grant.TenantSlug} to dataset {grant.DatasetId} was revoked: {reason}", grant.AccessRequestId, grant.Id, grant.DatasetId);
            await db.SaveChangesAsync(ct);
            await GrantEnding.AnnounceAsync(db, grant.Id, ct);
            await audit.RecordAsync(db, AccessAudit.Entry(AuditActions.GrantRevoked, caller, http) with
            {
                TenantSlug = grant.TenantSlug,
                DatasetId = grant.DatasetId,
                TargetType = "grant",
                TargetId = grant.Id.ToString(),
                Details = new Dictionary<string, string?> { ["reason"] = reason },
            }, ct);
            return (TypedResults.Ok(GrantView.Of(grant, now)), true);
        }, cancellationToken);
    }
}
